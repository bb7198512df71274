resource "aws_dynamodb_table" "items" {
  name         = "items"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
  attribute {
    name = "id"
    type = "S"
  }
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "get_item" {
  name               = "get-item"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

resource "aws_lambda_function" "get_item" {
  function_name = "get-item"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = aws_iam_role.get_item.arn
}

# fix:start
# the function serves GET routes only: it reads, and a write goes to a function of its own
resource "aws_iam_role_policy" "table" {
  name = "table"
  role = aws_iam_role.get_item.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["dynamodb:GetItem", "dynamodb:Query"]
      Resource = aws_dynamodb_table.items.arn
    }]
  })
}
# fix:end
