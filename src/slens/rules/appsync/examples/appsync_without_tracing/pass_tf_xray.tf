resource "aws_appsync_graphql_api" "orders" {
  name                = "orders"
  authentication_type = "AWS_IAM"
  xray_enabled        = true
}
