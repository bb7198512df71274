variable "db_password" {
  type      = string
  sensitive = true
}

# expect: LOG201
resource "aws_cloudwatch_log_group" "reports" {
  name              = "reports"
  retention_in_days = 30
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
