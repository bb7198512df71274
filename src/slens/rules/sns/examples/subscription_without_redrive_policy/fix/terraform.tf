resource "aws_sns_topic" "orders" {
  name = "orders"
}

resource "aws_sqs_queue" "orders" {
  name = "orders"
}

# fix:start
resource "aws_sqs_queue" "undelivered" {
  name = "orders-undelivered"
}

resource "aws_sns_topic_subscription" "orders" {
  # ...
  redrive_policy = jsonencode({ deadLetterTargetArn = aws_sqs_queue.undelivered.arn })
}

# SNS must be allowed to send to the dead-letter queue
resource "aws_sqs_queue_policy" "undelivered" {
  queue_url = aws_sqs_queue.undelivered.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "sns.amazonaws.com" }
      Action    = "sqs:SendMessage"
      Resource  = aws_sqs_queue.undelivered.arn
      Condition = { ArnEquals = { "aws:SourceArn" = aws_sns_topic.orders.arn } }
    }]
  })
}
# fix:end
