# fix:start
# INFO in production (DEBUG for a while, when investigating), and no logged events
resource "aws_lambda_function" "orders" {
  # ...
  logging_config {
    log_format            = "JSON"
    application_log_level = "INFO"
    system_log_level      = "WARN"
  }
  environment {
    variables = {
      POWERTOOLS_LOG_LEVEL        = "INFO"
      POWERTOOLS_LOGGER_LOG_EVENT = "false"
    }
  }
}
# fix:end
