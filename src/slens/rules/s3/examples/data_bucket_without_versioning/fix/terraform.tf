resource "aws_s3_bucket" "documents" {
  bucket_prefix = "documents-"
}

# fix:start
# an overwritten or deleted object keeps its previous versions (expire them with a lifecycle rule)
resource "aws_s3_bucket_versioning" "documents" {
  bucket = aws_s3_bucket.documents.id
  versioning_configuration {
    status = "Enabled"
  }
}
# fix:end
