# fix:start
# the function's own log group (or name it /aws/lambda/<function name>, the group Lambda writes to
# by default, and leave logging_config out)
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
