# fix:start
# one JSON object per line, with the request id and the level Logs Insights filters on
resource "aws_lambda_function" "orders" {
  # ...
  logging_config {
    log_format            = "JSON"
    application_log_level = "INFO"
    system_log_level      = "WARN"
  }
}
# fix:end
