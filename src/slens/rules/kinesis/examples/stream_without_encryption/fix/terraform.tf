# fix:start
# the AWS managed key, or a customer managed key: then producers need kms:GenerateDataKey and
# consumers (Lambda functions reading the stream too) kms:Decrypt on it
resource "aws_kinesis_stream" "example" {
  # ...
  encryption_type = "KMS"
  kms_key_id      = "alias/aws/kinesis"
}
# fix:end
