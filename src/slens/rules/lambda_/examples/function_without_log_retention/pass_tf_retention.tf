locals {
  name = "worker"
}

resource "aws_lambda_function" "worker" {
  function_name = local.name
  runtime       = "python3.13"
  handler       = "app.handler"
}

resource "aws_cloudwatch_log_group" "worker" {
  name              = "/aws/lambda/${local.name}"
  retention_in_days = 14
}

resource "aws_lambda_function" "configured" {
  function_name = "configured"
  runtime       = "python3.13"
  handler       = "app.handler"
  logging_config {
    log_format = "JSON"
    log_group  = aws_cloudwatch_log_group.shared.name
  }
}

resource "aws_cloudwatch_log_group" "shared" {
  name              = "shared"
  retention_in_days = 30
}
