# expect: LAM001
resource "aws_lambda_function" "worker" {
  function_name = "worker"
  runtime       = "python3.13"
  handler       = "app.handler"
}

resource "aws_lambda_function" "passthrough" {
  function_name = "passthrough"
  runtime       = "python3.13"
  handler       = "app.handler"
  tracing_config {
    mode = "PassThrough" # expect: LAM001
  }
}
