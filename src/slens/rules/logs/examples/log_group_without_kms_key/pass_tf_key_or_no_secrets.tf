variable "db_password" {
  type      = string
  sensitive = true
}

resource "aws_kms_key" "logs" {
  description         = "log groups"
  enable_key_rotation = true
}

resource "aws_cloudwatch_log_group" "reports" {
  name              = "reports"
  retention_in_days = 30
  kms_key_id        = aws_kms_key.logs.arn
}

resource "aws_lambda_function" "reports" {
  function_name = "reports"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/reports"
  logging_config {
    log_format = "JSON"
    log_group  = aws_cloudwatch_log_group.reports.name
  }
  environment {
    variables = {
      DB_PASSWORD = var.db_password
    }
  }
}

# a function that handles no secret
resource "aws_lambda_function" "status" {
  function_name = "status"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/status"
}

resource "aws_cloudwatch_log_group" "status" {
  name              = "/aws/lambda/${aws_lambda_function.status.function_name}"
  retention_in_days = 14
}
