resource "aws_lambda_function" "greedy" {
  function_name                  = "greedy"
  runtime                        = "python3.13"
  handler                        = "app.handler"
  role                           = "arn:aws:iam::123456789012:role/greedy"
  reserved_concurrent_executions = 600 # expect: LAM303
}

resource "aws_lambda_function" "worker" {
  function_name                  = "worker"
  runtime                        = "python3.13"
  handler                        = "app.handler"
  role                           = "arn:aws:iam::123456789012:role/worker"
  reserved_concurrent_executions = 350
}
