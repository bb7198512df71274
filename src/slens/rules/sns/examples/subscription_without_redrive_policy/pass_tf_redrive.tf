resource "aws_sns_topic" "orders" {
  name = "orders"
}

resource "aws_sqs_queue" "orders" {
  name = "orders"
}

resource "aws_sqs_queue" "undelivered" {
  name = "undelivered"
}

resource "aws_sns_topic_subscription" "orders" {
  topic_arn      = aws_sns_topic.orders.arn
  protocol       = "sqs"
  endpoint       = aws_sqs_queue.orders.arn
  redrive_policy = jsonencode({ deadLetterTargetArn = aws_sqs_queue.undelivered.arn })
}
