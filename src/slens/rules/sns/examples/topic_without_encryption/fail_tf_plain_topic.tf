# expect: SNS002
resource "aws_sns_topic" "orders" {
  name = "orders"
}
