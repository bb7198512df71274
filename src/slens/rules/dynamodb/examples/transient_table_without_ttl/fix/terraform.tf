# fix:start
# items carry their expiry (epoch seconds) in "expires_at"; DynamoDB deletes them for free
resource "aws_dynamodb_table" "sessions" {
  # ...
  ttl {
    attribute_name = "expires_at"
    enabled        = true
  }
}
# fix:end
