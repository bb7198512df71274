resource "aws_dynamodb_table" "orders" {
  name           = "orders"
  read_capacity  = 5
  write_capacity = 5
  hash_key       = "id"
  attribute {
    name = "id"
    type = "S"
  }
}

resource "aws_dynamodb_table" "events" {
  name         = "events"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
  attribute {
    name = "id"
    type = "S"
  }
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "save_order" {
  name               = "save-order"
  assume_role_policy = data.aws_iam_policy_document.assume.json
  inline_policy {
    name = "orders"
    policy = jsonencode({
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = "dynamodb:PutItem", Resource = aws_dynamodb_table.orders.arn }]
    })
  }
}

# reserved concurrency caps what reaches the provisioned table
resource "aws_lambda_function" "save_order" {
  function_name                  = "save-order"
  runtime                        = "python3.13"
  handler                        = "app.handler"
  role                           = aws_iam_role.save_order.arn
  reserved_concurrent_executions = 10
}

resource "aws_iam_role" "record_event" {
  name               = "record-event"
  assume_role_policy = data.aws_iam_policy_document.assume.json
  inline_policy {
    name = "events"
    policy = jsonencode({
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = "dynamodb:PutItem", Resource = aws_dynamodb_table.events.arn }]
    })
  }
}

# an on-demand table scales with its writers
resource "aws_lambda_function" "record_event" {
  function_name = "record-event"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = aws_iam_role.record_event.arn
}

resource "aws_apigatewayv2_api" "orders" {
  name          = "orders"
  protocol_type = "HTTP"
  target        = aws_lambda_function.save_order.arn
}

resource "aws_apigatewayv2_api" "events" {
  name          = "events"
  protocol_type = "HTTP"
  target        = aws_lambda_function.record_event.arn
}
