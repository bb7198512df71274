# expect: BKT401
resource "aws_s3_bucket" "exports" {
  bucket = "acme-exports"
}

resource "aws_s3_bucket" "thumbnails" {
  bucket = "acme-thumbnails"
}

# expect: BKT401
resource "aws_s3_bucket_lifecycle_configuration" "thumbnails" {
  bucket = aws_s3_bucket.thumbnails.id
  rule {
    id     = "expire"
    status = "Disabled"
    filter {}
    expiration {
      days = 30
    }
  }
}

resource "aws_iam_role" "export" {
  name = "export"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy" "export" {
  role = aws_iam_role.export.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "s3:PutObject"
      Resource = ["${aws_s3_bucket.exports.arn}/*", "${aws_s3_bucket.thumbnails.arn}/*"]
    }]
  })
}

resource "aws_lambda_function" "export" {
  function_name = "export"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = aws_iam_role.export.arn
}
