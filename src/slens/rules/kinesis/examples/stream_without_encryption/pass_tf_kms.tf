resource "aws_kinesis_stream" "orders" {
  name            = "orders"
  shard_count     = 1
  encryption_type = "KMS"
  kms_key_id      = "alias/aws/kinesis"
}
