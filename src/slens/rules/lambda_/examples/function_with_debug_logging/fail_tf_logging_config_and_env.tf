resource "aws_lambda_function" "orders" {
  function_name = "orders"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/orders"
  logging_config {
    log_format            = "JSON"
    application_log_level = "DEBUG" # expect: LAM406
    system_log_level      = "INFO"
  }
}

resource "aws_lambda_function" "payments" {
  function_name = "payments"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/payments"
  environment {
    variables = {
      POWERTOOLS_LOG_LEVEL        = "DEBUG" # expect: LAM406
      POWERTOOLS_LOGGER_LOG_EVENT = "true"  # expect: LAM406
    }
  }
}
