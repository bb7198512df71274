resource "aws_cloudwatch_event_rule" "nightly" {
  name                = "nightly"
  schedule_expression = "rate(1 day)"
}

# fix:start
resource "aws_sqs_queue" "undelivered_events" {
  name = "undelivered-events"
}

resource "aws_cloudwatch_event_target" "worker" {
  # ...
  rule = aws_cloudwatch_event_rule.nightly.name
  dead_letter_config {
    arn = aws_sqs_queue.undelivered_events.arn
  }
}

# EventBridge must be allowed to send to the dead-letter queue
resource "aws_sqs_queue_policy" "undelivered_events" {
  queue_url = aws_sqs_queue.undelivered_events.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "events.amazonaws.com" }
      Action    = "sqs:SendMessage"
      Resource  = aws_sqs_queue.undelivered_events.arn
      Condition = { ArnEquals = { "aws:SourceArn" = aws_cloudwatch_event_rule.nightly.arn } }
    }]
  })
}
# fix:end
