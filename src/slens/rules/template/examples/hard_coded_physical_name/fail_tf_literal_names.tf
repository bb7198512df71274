resource "aws_lambda_function" "orders" {
  function_name = "orders-handler" # expect: CFN101
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/orders"
}

resource "aws_sqs_queue" "jobs" {
  name = "jobs" # expect: CFN101
}

resource "aws_s3_bucket" "uploads" {
  bucket = "acme-uploads" # expect: CFN101
}
