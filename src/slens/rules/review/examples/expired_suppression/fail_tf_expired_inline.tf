# expect: SLN002
resource "aws_lambda_function" "orders" { # slens: ignore[LAM001] tracing arrives with the platform migration (expires 2020-01-31)
  function_name = "orders"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/orders"
}
