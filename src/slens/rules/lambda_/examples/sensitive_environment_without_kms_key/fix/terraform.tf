variable "db_password" {
  type      = string
  sensitive = true
}

# fix:start
# a customer managed key encrypts the variables: reading them takes kms:Decrypt on it
# (better still: a Secrets Manager secret the function reads at run time)
resource "aws_kms_key" "lambda_environment" {
  description         = "Lambda environment variables"
  enable_key_rotation = true
}

resource "aws_lambda_function" "reports" {
  # ...
  kms_key_arn = aws_kms_key.lambda_environment.arn
  environment {
    variables = {
      DB_PASSWORD = var.db_password
    }
  }
}
# fix:end
