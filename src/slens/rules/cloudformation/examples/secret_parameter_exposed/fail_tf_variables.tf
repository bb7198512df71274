# a variable is the configuration's parameter: without sensitive = true its value shows in plans
variable "db_password" {
  type = string
}

variable "stage" {
  type = string
}

# a secret default is written in the configuration, sensitive or not
variable "slack_token" {
  type      = string
  sensitive = true
  default   = "xoxb-1234567890-abcdefghijkl"
}

resource "aws_lambda_function" "reports" {
  function_name = "reports"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/reports"
  environment {
    variables = {
      STAGE       = var.stage
      DB_PASSWORD = var.db_password # expect: CFN201
      SLACK_TOKEN = var.slack_token # expect: CFN201
    }
  }
}
