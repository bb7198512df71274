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
# a policy naming the actions the function calls and the resources it calls them on
resource "aws_iam_policy" "orders_access" {
  name = "orders-access"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query"]
      Resource = aws_dynamodb_table.orders.arn
    }]
  })
}

# attached in place of AdministratorAccess, PowerUserAccess or a *FullAccess policy
resource "aws_iam_role_policy_attachment" "worker" {
  role       = aws_iam_role.worker.name
  policy_arn = aws_iam_policy.orders_access.arn
}

# or, on a role that lists its policies in managed_policy_arns (deprecated in provider v5, and
# exclusive: not with attachments), the same policy in its list
resource "aws_iam_role" "worker" {
  # ...
  managed_policy_arns = [aws_iam_policy.orders_access.arn]
}

# or, on a role whose policies are attached exclusively, the same policy in that list
resource "aws_iam_role_policy_attachments_exclusive" "worker" {
  role_name   = aws_iam_role.worker.name
  policy_arns = [aws_iam_policy.orders_access.arn]
}
# fix:end
