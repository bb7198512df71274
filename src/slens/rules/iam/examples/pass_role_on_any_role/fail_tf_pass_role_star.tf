resource "aws_iam_policy" "deployer" {
  name = "deployer"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["iam:PassRole", "lambda:CreateFunction"]
      Resource = "*" # expect: IAM204
    }]
  })
}

data "aws_iam_policy_document" "launcher" {
  statement {
    actions   = ["iam:Pass*"]
    resources = ["*"] # expect: IAM204
  }
}

resource "aws_iam_role" "launcher" {
  name = "launcher"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
  inline_policy {
    name   = "launch"
    policy = data.aws_iam_policy_document.launcher.json
  }
}
