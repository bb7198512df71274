resource "aws_s3_bucket" "uploads" {
  bucket_prefix = "uploads-"
}

# fix:start
data "aws_caller_identity" "current" {}

resource "aws_lambda_permission" "s3" {
  # ...
  source_arn     = aws_s3_bucket.uploads.arn
  source_account = data.aws_caller_identity.current.account_id # a bucket ARN names no account
}
# fix:end
