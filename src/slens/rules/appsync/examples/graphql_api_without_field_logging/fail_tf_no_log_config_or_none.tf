# expect: ASY101
resource "aws_appsync_graphql_api" "silent" {
  name                = "silent"
  authentication_type = "AWS_IAM"
}

resource "aws_appsync_graphql_api" "off" {
  name                = "off"
  authentication_type = "AWS_IAM"
  log_config {
    cloudwatch_logs_role_arn = "arn:aws:iam::123456789012:role/appsync-logs"
    field_log_level          = "NONE" # expect: ASY101
  }
}
