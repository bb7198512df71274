# fix:start
# a few receives before a message is set aside: one throttle or timeout is not a failure,
# and a poison message does not loop for hours
resource "aws_sqs_queue" "jobs" {
  # ...
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.jobs_dlq.arn
    maxReceiveCount     = 5
  })
}
# fix:end

resource "aws_sqs_queue" "jobs_dlq" {
  name                      = "jobs-dlq"
  message_retention_seconds = 1209600
}
