resource "aws_lambda_function" "worker" {
  function_name = "worker"
  role          = aws_iam_role.worker.arn
  runtime       = "python3.13"
  handler       = "app.handler"
}

resource "aws_iam_role" "worker" {
  name               = "worker"
  assume_role_policy = data.aws_iam_policy_document.assume.json
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

resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}

resource "aws_iam_role" "inline" {
  assume_role_policy = data.aws_iam_policy_document.assume.json
  inline_policy {
    name = "read"
    policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [{"Sid": "# expect: IAM002", "Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "*"}]
}
EOF
  }
}

resource "aws_lambda_function" "reader" {
  function_name = "reader"
  role          = aws_iam_role.inline.arn
  runtime       = "python3.13"
  handler       = "app.handler"
}
