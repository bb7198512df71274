variable "tracing_mode" {
  default = "Active"
}

resource "aws_lambda_function" "worker" {
  function_name = "worker"
  runtime       = "python3.13"
  handler       = "app.handler"
  tracing_config {
    mode = var.tracing_mode
  }
}
