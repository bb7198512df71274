# Terraform: redrive policies as jsonencode() and as JSON text with interpolations, and an
# EventBridge target's dead-letter queue.
resource "aws_sqs_queue" "orders" {
  name = "orders"
  redrive_policy = jsonencode({
    deadLetterTargetArn = "arn:aws:sqs:eu-west-1:123456789012:${aws_sqs_queue.orders_dlq.name}"
    maxReceiveCount     = 5
  })
}

resource "aws_sqs_queue" "orders_dlq" {
  name = "orders-dlq"
}

resource "aws_sqs_queue" "jobs" {
  name           = "jobs"
  redrive_policy = <<-EOT
    {"deadLetterTargetArn": "${aws_sqs_queue.jobs_dlq.arn}", "maxReceiveCount": 5}
  EOT
}

resource "aws_sqs_queue" "jobs_dlq" {
  name = "jobs-dlq"
}

resource "aws_cloudwatch_event_rule" "nightly" {
  name                = "nightly"
  schedule_expression = "rate(1 day)"
}

resource "aws_cloudwatch_event_target" "nightly" {
  rule = aws_cloudwatch_event_rule.nightly.name
  arn  = "arn:aws:lambda:eu-west-1:123456789012:function:nightly"
  dead_letter_config {
    arn = aws_sqs_queue.nightly_dlq.arn
  }
}

resource "aws_sqs_queue" "nightly_dlq" {
  name = "nightly-dlq"
}
