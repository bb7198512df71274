variable "results_bucket_arn" {
  description = "the bucket the function writes its results to: not the one that triggers it"
  type        = string
}

resource "aws_s3_bucket" "uploads" {
  bucket_prefix = "uploads-"
}

resource "aws_lambda_function" "transcode" {
  function_name = "transcode"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = aws_iam_role.transcode.arn
}

# fix:start
# the function reads from the bucket that triggers it and writes elsewhere: its writes
# cannot invoke it again
resource "aws_iam_role" "transcode" {
  # ...
  inline_policy {
    name = "media"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [
        { Effect = "Allow", Action = "s3:GetObject", Resource = "${aws_s3_bucket.uploads.arn}/*" },
        { Effect = "Allow", Action = "s3:PutObject", Resource = "${var.results_bucket_arn}/*" },
      ]
    })
  }
}
# fix:end
