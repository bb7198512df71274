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
      Statement = [{ Effect = "Allow", Action = ["dynamodb:PutItem", "dynamodb:GetItem"], Resource = aws_dynamodb_table.orders.arn }]
    })
  }
}

# expect: LAM301
resource "aws_lambda_function" "save_order" {
  function_name = "save-order"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = aws_iam_role.save_order.arn
}

resource "aws_apigatewayv2_api" "orders" {
  name          = "orders"
  protocol_type = "HTTP"
  target        = aws_lambda_function.save_order.arn
}
