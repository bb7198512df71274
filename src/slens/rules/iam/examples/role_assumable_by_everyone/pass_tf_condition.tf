data "aws_iam_policy_document" "org" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalOrgID"
      values   = ["o-abc123"]
    }
  }
}

resource "aws_iam_role" "org" {
  assume_role_policy = data.aws_iam_policy_document.org.json
}
