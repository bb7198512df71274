# fix:start
# iam:PassRole on the roles it hands over, to the one service that receives them
data "aws_caller_identity" "current" {}

resource "aws_iam_policy" "deployer" {
  # ...
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = "lambda:CreateFunction"
        Resource = "*"
      },
      {
        Effect    = "Allow"
        Action    = "iam:PassRole"
        Resource  = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/orders-*"
        Condition = { StringEquals = { "iam:PassedToService" = "lambda.amazonaws.com" } }
      },
    ]
  })
}

resource "aws_iam_role" "launcher" {
  # ...
  inline_policy {
    name = "launch"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect    = "Allow"
        Action    = "iam:PassRole"
        Resource  = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/orders-*"
        Condition = { StringEquals = { "iam:PassedToService" = "lambda.amazonaws.com" } }
      }]
    })
  }
}
# fix:end
