variable "log_level" {
  type = string
}

resource "aws_lambda_function" "orders" {
  function_name = "orders"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/orders"
  logging_config {
    log_format            = "JSON"
    application_log_level = "INFO"
    system_log_level      = "WARN"
  }
  environment {
    variables = {
      LOG_LEVEL = var.log_level
    }
  }
}

resource "aws_lambda_function" "payments" {
  function_name = "payments"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/payments"
  environment {
    variables = {
      POWERTOOLS_LOG_LEVEL = "INFO"
    }
  }
}
