# pointers to secrets, references and variables are not plain-text secrets
variable "stripe_key" {
  type      = string
  sensitive = true
}

# a secret default is reported once, on the variable (CFN201), not here too
variable "api_token" {
  type    = string
  default = "ghp_0123456789abcdefABCDEF0123456789abcd"
}

resource "aws_secretsmanager_secret" "api" {
  name_prefix = "api-"
}

resource "aws_lambda_function" "payments" {
  function_name = "payments"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/payments"
  environment {
    variables = {
      API_SECRET_ARN          = aws_secretsmanager_secret.api.arn
      TOKEN_TABLE             = "tokens"
      TOKEN_TTL_SECONDS       = 3600
      PASSWORD_MIN_LENGTH     = 12
      STRIPE_KEY              = var.stripe_key
      GITHUB_TOKEN            = var.api_token
      ENABLE_TOKEN_CACHE      = "true"
      SECRET_PARAMETER        = "/app/prod/secret"
      POWERTOOLS_SERVICE_NAME = "payments"
      COMMIT_SHA              = "3f786850e387550fdab836ed7e6dc881de23001b"
      REQUEST_ID_HEADER       = "X-Request-Id"
    }
  }
}
