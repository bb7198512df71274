resource "aws_dynamodb_table" "orders" {
  name         = "orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
  attribute {
    name = "id"
    type = "S"
  }
}

# fix:start
# name the resources each statement is about (an object's key: "${aws_s3_bucket.uploads.arn}/*")
resource "aws_iam_role" "reader" {
  # ...
  inline_policy {
    name = "read-orders"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect   = "Allow"
        Action   = "dynamodb:GetItem"
        Resource = aws_dynamodb_table.orders.arn
      }]
    })
  }
}
# fix:end
