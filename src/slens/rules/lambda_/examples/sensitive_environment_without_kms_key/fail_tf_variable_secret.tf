variable "db_password" {
  type      = string
  sensitive = true
}

resource "aws_lambda_function" "reports" {
  function_name = "reports"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/reports"
  environment {
    variables = {
      # sensitive hides it from plans, but the function configuration holds it under the AWS managed key
      DB_PASSWORD = var.db_password # expect: LAM204
    }
  }
}
