resource "aws_s3_bucket" "uploads" {
  bucket = "uploads"
}

resource "aws_lambda_function" "worker" {
  function_name = "worker"
  runtime       = "python3.13"
  handler       = "app.handler"
}

resource "aws_lambda_permission" "s3" {
  function_name  = aws_lambda_function.worker.function_name
  action         = "lambda:InvokeFunction"
  principal      = "s3.amazonaws.com"
  source_arn     = aws_s3_bucket.uploads.arn
  source_account = "123456789012"
}
