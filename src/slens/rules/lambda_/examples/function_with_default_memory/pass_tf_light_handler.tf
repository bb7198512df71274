resource "aws_lambda_function" "worker" {
  function_name = "worker"
  runtime       = "python3.13"
  handler       = "app.handler"
  timeout       = 10
}

# just under a minute is not a long timeout yet
resource "aws_lambda_function" "reports" {
  function_name = "reports"
  runtime       = "nodejs22.x"
  handler       = "index.handler"
  timeout       = 59
}
