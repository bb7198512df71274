variable "runtime" {
  default = "python3.8"
}

resource "aws_lambda_function" "worker" {
  function_name = "worker"
  runtime       = var.runtime # expect: LAM004
  handler       = "app.handler"
}
