# fix:start
# a customer managed key (its policy lets the publishing services use it: with the AWS
# managed alias/aws/sns, no other service can)
resource "aws_kms_key" "topics" {
  description         = "SNS topics"
  enable_key_rotation = true
}

resource "aws_sns_topic" "orders" {
  # ...
  kms_master_key_id = aws_kms_key.topics.arn
}
# fix:end
