resource "aws_s3_bucket" "default" {
  bucket_prefix = "default-"
}

resource "aws_s3_bucket" "blocked" {
  bucket_prefix = "blocked-"
}

resource "aws_s3_bucket_public_access_block" "blocked" {
  bucket                  = aws_s3_bucket.blocked.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
