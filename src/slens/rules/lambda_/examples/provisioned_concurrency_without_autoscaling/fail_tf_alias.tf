resource "aws_lambda_function" "checkout" {
  function_name = "checkout"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/checkout"
  publish       = true
}

resource "aws_lambda_alias" "live" {
  name             = "live"
  function_name    = aws_lambda_function.checkout.function_name
  function_version = aws_lambda_function.checkout.version
}

# the alias's provisioned concurrency, with no aws_appautoscaling_target
# expect: LAM408
resource "aws_lambda_provisioned_concurrency_config" "live" {
  function_name                     = aws_lambda_function.checkout.function_name
  qualifier                         = aws_lambda_alias.live.name
  provisioned_concurrent_executions = 5
}
