data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "worker" {
  name               = "worker"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

resource "aws_lambda_function" "worker" {
  function_name = "worker"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = aws_iam_role.worker.arn
}

# fix:start
# a role of its own for each function, with only what that function does
resource "aws_iam_role" "other" {
  name               = "other"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

resource "aws_lambda_function" "other" {
  # ...
  role = aws_iam_role.other.arn
}
# fix:end
