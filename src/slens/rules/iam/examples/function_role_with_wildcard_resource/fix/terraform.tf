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
resource "aws_iam_role_policy" "read_orders" {
  name = "read-orders"
  role = aws_iam_role.reader.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "dynamodb:GetItem"
      Resource = aws_dynamodb_table.orders.arn
    }]
  })
}

# or, on a role that keeps its policies in inline_policy blocks (deprecated in provider v5, and
# exclusive: not with aws_iam_role_policy), the same statement there
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
