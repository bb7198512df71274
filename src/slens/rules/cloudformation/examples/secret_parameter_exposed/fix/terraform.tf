# fix:start
# keep the secret in Secrets Manager and pass the function its ARN: it reads the value at run time
resource "aws_secretsmanager_secret" "db_password" {
  name_prefix = "reports-db-password-"
}

resource "aws_lambda_function" "reports" {
  # ...
  environment {
    variables = {
      DB_PASSWORD_SECRET_ARN = aws_secretsmanager_secret.db_password.arn
    }
  }
}

# a variable that must carry a secret: sensitive, and no default
variable "db_password" {
  type      = string
  sensitive = true
}
# fix:end
