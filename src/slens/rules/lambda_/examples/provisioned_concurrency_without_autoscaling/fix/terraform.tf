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

# fix:start
# Application Auto Scaling keeps the alias's provisioned concurrency near 70% used
resource "aws_appautoscaling_target" "checkout_live" {
  service_namespace  = "lambda"
  scalable_dimension = "lambda:function:ProvisionedConcurrency"
  resource_id        = "function:${aws_lambda_function.checkout.function_name}:${aws_lambda_alias.live.name}"
  min_capacity       = 2
  max_capacity       = 20
}

resource "aws_appautoscaling_policy" "checkout_live" {
  name               = "checkout-live-utilization"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.checkout_live.service_namespace
  scalable_dimension = aws_appautoscaling_target.checkout_live.scalable_dimension
  resource_id        = aws_appautoscaling_target.checkout_live.resource_id
  target_tracking_scaling_policy_configuration {
    target_value = 0.7
    predefined_metric_specification {
      predefined_metric_type = "LambdaProvisionedConcurrencyUtilization"
    }
  }
}
# fix:end
