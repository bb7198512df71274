# any origin on a public API (no authorizer on any route) and on a public URL
resource "aws_apigatewayv2_api" "public" {
  name          = "public"
  protocol_type = "HTTP"
  cors_configuration {
    allow_origins = ["*"]
  }
}

resource "aws_apigatewayv2_route" "status" {
  api_id    = aws_apigatewayv2_api.public.id
  route_key = "GET /status"
}

resource "aws_apigatewayv2_api" "private" {
  name          = "private"
  protocol_type = "HTTP"
  cors_configuration {
    allow_origins = ["https://app.example.com"]
  }
}

resource "aws_apigatewayv2_route" "orders" {
  api_id             = aws_apigatewayv2_api.private.id
  route_key          = "GET /orders"
  authorization_type = "AWS_IAM"
}

resource "aws_lambda_function" "reports" {
  function_name = "reports"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/reports"
}

resource "aws_lambda_function_url" "public" {
  function_name      = aws_lambda_function.reports.function_name
  authorization_type = "NONE"
  cors {
    allow_origins = ["*"]
  }
}

resource "aws_lambda_function_url" "listed" {
  function_name      = aws_lambda_function.reports.function_name
  authorization_type = "AWS_IAM"
  cors {
    allow_origins = ["https://app.example.com"]
  }
}
