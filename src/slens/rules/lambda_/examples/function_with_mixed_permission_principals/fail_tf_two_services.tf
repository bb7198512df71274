# expect: LAM009
resource "aws_lambda_function" "worker" {
  function_name = "worker"
  runtime       = "python3.13"
  handler       = "app.handler"
}

resource "aws_lambda_permission" "api" {
  function_name = aws_lambda_function.worker.function_name
  action        = "lambda:InvokeFunction"
  principal     = "apigateway.amazonaws.com"
  source_arn    = "arn:aws:execute-api:eu-west-1:123456789012:abc/*"
}

resource "aws_lambda_permission" "topic" {
  function_name = aws_lambda_function.worker.function_name
  action        = "lambda:InvokeFunction"
  principal     = "sns.amazonaws.com"
  source_arn    = "arn:aws:sns:eu-west-1:123456789012:orders"
}
