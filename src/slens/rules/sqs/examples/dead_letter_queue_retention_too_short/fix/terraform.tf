resource "aws_sqs_queue" "jobs" {
  name                      = "jobs"
  message_retention_seconds = 345600
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.jobs_dlq.arn
    maxReceiveCount     = 5
  })
}

# fix:start
# the dead-letter queue keeps a message longer than its source did (a message keeps its
# first enqueue time): the maximum, 14 days
resource "aws_sqs_queue" "jobs_dlq" {
  # ...
  message_retention_seconds = 1209600
}
# fix:end
