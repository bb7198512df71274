# fix:start
resource "aws_cloudwatch_log_group" "example" {
  # ...
  retention_in_days = 30
}

resource "aws_lambda_function" "example" {
  # ...
  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.example.name
  }
}
# fix:end
