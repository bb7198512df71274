data "aws_iam_policy_document" "anyone" {
  statement {
    actions = ["sts:AssumeRole"]
    principals { # expect: IAM004
      type        = "AWS"
      identifiers = ["*"]
    }
  }
}

resource "aws_iam_role" "open" {
  assume_role_policy = data.aws_iam_policy_document.anyone.json
}
