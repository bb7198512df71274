resource "aws_lambda_function" "worker" {
  function_name = "worker"
  runtime       = "python3.13"
  handler       = "app.handler"
  timeout       = 10
}

# a light handler waiting on I/O for minutes: a long timeout is no sign of CPU-bound work
resource "aws_lambda_function" "reports" {
  function_name = "reports"
  runtime       = "nodejs22.x"
  handler       = "index.handler"
  timeout       = 300
}
