# fix:start
resource "aws_appsync_graphql_api" "orders" {
  # ...
  xray_enabled = true
}
# fix:end
