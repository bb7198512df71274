variable "db_password" {
  type      = string
  sensitive = true
}

variable "db_password_secret_arn" {
  type = string
}

variable "api_key_required" {
  type    = string
  default = "true"
}

resource "aws_lambda_function" "reports" {
  function_name = "reports"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/reports"
  kms_key_arn   = "arn:aws:kms:us-east-1:123456789012:key/abcd"
  environment {
    variables = {
      DB_PASSWORD  = var.db_password
      SECRET_ARN   = var.db_password_secret_arn
      KEY_REQUIRED = var.api_key_required
    }
  }
}
