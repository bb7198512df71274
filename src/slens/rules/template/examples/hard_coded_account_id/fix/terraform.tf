data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

# fix:start
# the account and the region the configuration is applied in, not written down
# (better still: the resource's own arn or url attribute, when the configuration declares it)
data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  region     = data.aws_region.current.region
}

resource "aws_iam_role" "orders" {
  # ...
  inline_policy {
    name = "orders"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect   = "Allow"
        Action   = "dynamodb:GetItem"
        Resource = "arn:aws:dynamodb:${local.region}:${local.account_id}:table/orders"
      }]
    })
  }
}

resource "aws_lambda_function" "orders" {
  # ...
  environment {
    variables = {
      QUEUE_URL = "https://sqs.${local.region}.amazonaws.com/${local.account_id}/jobs"
    }
  }
}
# fix:end
