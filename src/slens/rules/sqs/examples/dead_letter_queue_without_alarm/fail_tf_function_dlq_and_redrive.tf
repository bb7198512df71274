# expect: SQS102
resource "aws_sqs_queue" "failures" {
  name = "failures"
}

resource "aws_lambda_function" "worker" {
  function_name = "worker"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/worker"
  dead_letter_config {
    target_arn = aws_sqs_queue.failures.arn
  }
}

resource "aws_sqs_queue" "jobs" {
  name = "jobs"
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.jobs_dlq.arn
    maxReceiveCount     = 5
  })
}

# NumberOfMessagesSent stays 0 for messages SQS moves to a dead-letter queue
# expect: SQS102
resource "aws_sqs_queue" "jobs_dlq" {
  name = "jobs-dlq"
}

resource "aws_cloudwatch_metric_alarm" "jobs_dlq_sent" {
  alarm_name          = "jobs-dlq-sent"
  namespace           = "AWS/SQS"
  metric_name         = "NumberOfMessagesSent"
  dimensions          = { QueueName = aws_sqs_queue.jobs_dlq.name }
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
}
