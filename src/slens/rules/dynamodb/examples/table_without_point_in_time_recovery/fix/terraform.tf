# fix:start
resource "aws_dynamodb_table" "orders" {
  # ...
  point_in_time_recovery {
    enabled = true
  }
}
# fix:end
