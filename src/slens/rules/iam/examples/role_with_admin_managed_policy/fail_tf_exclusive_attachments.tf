# AWS provider 5.x+: the role's managed policies, attached exclusively (what replaces managed_policy_arns)
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

resource "aws_iam_role_policy_attachments_exclusive" "worker" {
  role_name   = aws_iam_role.worker.name
  policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"] # expect: IAM203
}
