resource "aws_sqs_queue" "work_dlq" {
  name = "work-dlq"
}

resource "aws_sqs_queue" "work" {
  name = "work"
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.work_dlq.arn
    maxReceiveCount     = 1 # expect: SQS303
  })
}

resource "aws_sqs_queue" "batch" {
  name = "batch"
  redrive_policy = <<-EOF
    {"deadLetterTargetArn": "arn:aws:sqs:eu-west-1:123456789012:work-dlq", "maxReceiveCount": 500, "//": "# expect: SQS303"}
  EOF
}
