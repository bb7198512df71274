data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "orders" {
  name               = "orders"
  assume_role_policy = data.aws_iam_policy_document.assume.json
  inline_policy {
    name = "orders"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect   = "Allow"
        Action   = "dynamodb:GetItem"
        Resource = "arn:aws:dynamodb:eu-west-1:123456789012:table/orders" # expect: CFN102
      }]
    })
  }
}

resource "aws_lambda_function" "orders" {
  function_name = "orders"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = aws_iam_role.orders.arn
  environment {
    variables = {
      QUEUE_URL = "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs" # expect: CFN102
    }
  }
}
