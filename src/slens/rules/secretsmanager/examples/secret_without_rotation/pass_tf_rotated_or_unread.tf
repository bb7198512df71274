resource "aws_secretsmanager_secret" "db" {
  name_prefix = "db-"
}

resource "aws_lambda_function" "rotator" {
  function_name = "rotator"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/rotator"
}

resource "aws_secretsmanager_secret_rotation" "db" {
  secret_id           = aws_secretsmanager_secret.db.id
  rotation_lambda_arn = aws_lambda_function.rotator.arn
  rotation_rules {
    automatically_after_days = 30
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

resource "aws_iam_role" "reports" {
  name               = "reports"
  assume_role_policy = data.aws_iam_policy_document.assume.json
  inline_policy {
    name = "read-secret"
    policy = jsonencode({
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = "secretsmanager:GetSecretValue", Resource = aws_secretsmanager_secret.db.arn }]
    })
  }
}

resource "aws_lambda_function" "reports" {
  function_name = "reports"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = aws_iam_role.reports.arn
}

# no function reads it
resource "aws_secretsmanager_secret" "partner" {
  name_prefix = "partner-"
}
