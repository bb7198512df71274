resource "aws_sqs_queue" "jobs" {
  name                       = "jobs"
  visibility_timeout_seconds = 60 # slens: ignore[SQS002] consumers are slow on purpose  # expect: SLN001
}
