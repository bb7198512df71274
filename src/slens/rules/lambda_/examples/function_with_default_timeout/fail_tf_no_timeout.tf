# expect: LAM003
resource "aws_lambda_function" "worker" {
  function_name = "worker"
  runtime       = "java21"
  handler       = "worker.Handler::handleRequest"
  memory_size   = 512
}

resource "aws_s3_bucket" "uploads" {
  bucket = "uploads"
}

# expect: LAM003
resource "aws_lambda_function" "thumbnail" {
  function_name = "thumbnail"
  runtime       = "python3.13"
  handler       = "app.handler"
  memory_size   = 512
}

resource "aws_s3_bucket_notification" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  lambda_function {
    lambda_function_arn = aws_lambda_function.thumbnail.arn
    events              = ["s3:ObjectCreated:*"]
  }
}
