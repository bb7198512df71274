# expect: KIN001
resource "aws_kinesis_stream" "plain" {
  name        = "plain"
  shard_count = 1
}

resource "aws_kinesis_stream" "none" {
  name            = "none"
  shard_count     = 1
  encryption_type = "NONE" # expect: KIN001
}
