resource "aws_sqs_queue" "work_dlq" {
  name = "work-dlq"
}

resource "aws_sqs_queue" "work" {
  name = "work"
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.work_dlq.arn
    maxReceiveCount     = 5
  })
}

resource "aws_sqs_queue" "batch" {
  name           = "batch"
  redrive_policy = "{\"deadLetterTargetArn\": \"${aws_sqs_queue.work_dlq.arn}\", \"maxReceiveCount\": 100}"
}
