resource "aws_lambda_function" "thumbnails" {
  function_name = "thumbnails"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/thumbnails"
  memory_size   = 4096
  timeout       = 10
}

resource "aws_lambda_function" "nightly" {
  function_name = "nightly"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/nightly"
  memory_size   = 4096
  timeout       = 600
}

resource "aws_lambda_function" "small" {
  function_name = "small"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/small"
  memory_size   = 1024
  timeout       = 10
}

resource "aws_lambda_function" "java" {
  function_name = "orders"
  runtime       = "java21"
  handler       = "orders.Handler::handleRequest"
  role          = "arn:aws:iam::123456789012:role/java"
  memory_size   = 4096
}
