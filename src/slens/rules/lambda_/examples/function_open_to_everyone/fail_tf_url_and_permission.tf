resource "aws_lambda_function" "worker" {
  function_name = "worker"
  runtime       = "python3.13"
  handler       = "app.handler"
}

resource "aws_lambda_function_url" "worker" {
  function_name      = aws_lambda_function.worker.function_name
  authorization_type = "NONE" # expect: LAM011
}

resource "aws_lambda_permission" "anyone" {
  function_name = aws_lambda_function.worker.function_name
  action        = "lambda:InvokeFunction"
  principal     = "*" # expect: LAM011
}
