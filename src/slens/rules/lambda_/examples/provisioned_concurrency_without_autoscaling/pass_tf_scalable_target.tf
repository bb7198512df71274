variable "warm" {
  type = number
}

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

resource "aws_lambda_provisioned_concurrency_config" "live" {
  function_name                     = aws_lambda_function.checkout.function_name
  qualifier                         = aws_lambda_alias.live.name
  provisioned_concurrent_executions = 2
}

resource "aws_appautoscaling_target" "live" {
  service_namespace  = "lambda"
  scalable_dimension = "lambda:function:ProvisionedConcurrency"
  resource_id        = "function:${aws_lambda_function.checkout.function_name}:${aws_lambda_alias.live.name}"
  min_capacity       = 2
  max_capacity       = 20
}

# a level only known at apply time is not judged
resource "aws_lambda_function" "search" {
  function_name = "search"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/search"
  publish       = true
}

resource "aws_lambda_alias" "search" {
  name             = "live"
  function_name    = aws_lambda_function.search.function_name
  function_version = aws_lambda_function.search.version
}

resource "aws_lambda_provisioned_concurrency_config" "search" {
  function_name                     = aws_lambda_function.search.function_name
  qualifier                         = aws_lambda_alias.search.name
  provisioned_concurrent_executions = var.warm
}
