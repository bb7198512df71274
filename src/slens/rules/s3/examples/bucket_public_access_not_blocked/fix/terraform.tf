resource "aws_s3_bucket" "assets" {
  bucket_prefix = "assets-"
}

# fix:start
# all four settings on (what is left out defaults to false); a CloudFront distribution
# with origin access control serves the objects to the public
resource "aws_s3_bucket_public_access_block" "assets" {
  bucket                  = aws_s3_bucket.assets.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
# fix:end
