resource "aws_sns_topic" "orders" {
  name = "orders"
}

resource "aws_sqs_queue" "orders" {
  name = "orders"
}

# expect: SNS001
resource "aws_sns_topic_subscription" "orders" {
  topic_arn = aws_sns_topic.orders.arn
  protocol  = "sqs"
  endpoint  = aws_sqs_queue.orders.arn
}
