# the configuration signs nothing: not reported (option everywhere = true reports both)
resource "aws_lambda_function" "s3_package" {
  function_name = "orders"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/orders"
  s3_bucket     = "artifacts-bucket"
  s3_key        = "orders/1.0.0.zip"
}

resource "aws_lambda_function" "local_package" {
  function_name = "reports"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/reports"
  filename      = "build/reports.zip"
}
