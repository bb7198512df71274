resource "aws_s3_bucket" "assets" {
  bucket = "public-assets"
}

resource "aws_s3_bucket_public_access_block" "assets" {
  bucket                  = aws_s3_bucket.assets.id
  block_public_acls       = true
  block_public_policy     = false # expect: BKT201
  ignore_public_acls      = true
  restrict_public_buckets = false
}

# attributes left out default to false
# expect: BKT201
resource "aws_s3_bucket_public_access_block" "partial" {
  bucket            = aws_s3_bucket.partial.id
  block_public_acls = true
}

resource "aws_s3_bucket" "partial" {
  bucket_prefix = "partial-"
}
