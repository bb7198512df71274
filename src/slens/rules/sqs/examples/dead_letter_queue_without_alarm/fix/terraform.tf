resource "aws_sqs_queue" "failures" {
  name = "failures"
}

resource "aws_sns_topic" "alerts" {
  name = "alerts"
}

# fix:start
# messages SQS moves to a dead-letter queue do not count in NumberOfMessagesSent: watch those visible
resource "aws_cloudwatch_metric_alarm" "failures_visible" {
  alarm_name          = "${aws_sqs_queue.failures.name}-not-empty"
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = aws_sqs_queue.failures.name }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alerts.arn]
}
# fix:end
