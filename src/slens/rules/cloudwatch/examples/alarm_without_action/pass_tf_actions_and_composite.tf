variable "alarm_topic_arns" {
  type = list(string)
}

resource "aws_sns_topic" "alerts" {
  name = "alerts"
}

resource "aws_cloudwatch_metric_alarm" "errors" {
  alarm_name          = "orders-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = [aws_sns_topic.alerts.arn]
}

# members of a composite alarm: the composite notifies
resource "aws_cloudwatch_metric_alarm" "throttles" {
  alarm_name          = "orders-throttles"
  namespace           = "AWS/Lambda"
  metric_name         = "Throttles"
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
}

resource "aws_cloudwatch_metric_alarm" "duration" {
  alarm_name          = "orders-duration"
  namespace           = "AWS/Lambda"
  metric_name         = "Duration"
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 5000
  comparison_operator = "GreaterThanThreshold"
}

resource "aws_cloudwatch_composite_alarm" "health" {
  alarm_name    = "orders-health"
  alarm_rule    = "ALARM(orders-throttles) OR ALARM(${aws_cloudwatch_metric_alarm.duration.alarm_name})"
  alarm_actions = [aws_sns_topic.alerts.arn]
}

# actions that only a deployment knows
resource "aws_cloudwatch_metric_alarm" "iterator_age" {
  alarm_name          = "orders-iterator-age"
  namespace           = "AWS/Lambda"
  metric_name         = "IteratorAge"
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 60000
  comparison_operator = "GreaterThanThreshold"
  alarm_actions       = var.alarm_topic_arns
}
