variable "db_password" {
  type      = string
  sensitive = true
}

variable "stage" {
  type = string
}

resource "aws_kms_key" "env" {
  description         = "function environments"
  enable_key_rotation = true
}

resource "aws_lambda_function" "reports" {
  function_name = "reports"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/reports"
  kms_key_arn   = aws_kms_key.env.arn
  environment {
    variables = {
      DB_PASSWORD = var.db_password
    }
  }
}

# no secret in its environment
resource "aws_lambda_function" "status" {
  function_name = "status"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/status"
  environment {
    variables = {
      STAGE = var.stage
    }
  }
}
