variable "runtime" {
  type = string
}

resource "aws_lambda_function" "current" {
  function_name = "current"
  runtime       = "python3.13"
  handler       = "app.handler"
}

resource "aws_lambda_function" "from_variable" {
  function_name = "from-variable"
  runtime       = var.runtime
  handler       = "app.handler"
}
