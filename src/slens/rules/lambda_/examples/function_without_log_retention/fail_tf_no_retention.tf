# expect: LAM008
resource "aws_lambda_function" "without_group" {
  function_name = "without-group"
  runtime       = "python3.13"
  handler       = "app.handler"
}

resource "aws_lambda_function" "with_group" {
  function_name = "with-group"
  runtime       = "python3.13"
  handler       = "app.handler"
}

# expect: LAM008
resource "aws_cloudwatch_log_group" "with_group" {
  name = "/aws/lambda/${aws_lambda_function.with_group.function_name}"
}
