resource "aws_lambda_function" "api" {
  function_name                  = "api"
  runtime                        = "python3.13"
  handler                        = "app.handler"
  role                           = "arn:aws:iam::123456789012:role/api"
  reserved_concurrent_executions = 400
}

resource "aws_lambda_function" "worker" {
  function_name                  = "worker"
  runtime                        = "python3.13"
  handler                        = "app.handler"
  role                           = "arn:aws:iam::123456789012:role/worker"
  reserved_concurrent_executions = 100
}

# -1 is Terraform's "no reservation"
resource "aws_lambda_function" "reports" {
  function_name                  = "reports"
  runtime                        = "python3.13"
  handler                        = "app.handler"
  role                           = "arn:aws:iam::123456789012:role/reports"
  reserved_concurrent_executions = -1
}
