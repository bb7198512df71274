resource "aws_s3_bucket" "documents" {
  bucket = "acme-documents"
}

resource "aws_s3_bucket_versioning" "documents" {
  bucket = aws_s3_bucket.documents.id
  versioning_configuration {
    status = "Enabled"
  }
}

# the AWS provider v3 inline block
resource "aws_s3_bucket" "archive" {
  bucket = "acme-archive"
  versioning {
    enabled = true
  }
}

resource "aws_iam_role" "store" {
  name = "store"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy" "store" {
  role = aws_iam_role.store.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "s3:PutObject"
      Resource = ["${aws_s3_bucket.documents.arn}/*", "${aws_s3_bucket.archive.arn}/*"]
    }]
  })
}

resource "aws_lambda_function" "store" {
  function_name = "store"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = aws_iam_role.store.arn
}
