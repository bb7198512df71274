resource "aws_sns_topic" "alerts" {
  name = "alerts"
}

# fix:start
# the alarm tells someone: a topic the on-call team is subscribed to
resource "aws_cloudwatch_metric_alarm" "errors" {
  # ...
  actions_enabled = true
  alarm_actions   = [aws_sns_topic.alerts.arn]
  ok_actions      = [aws_sns_topic.alerts.arn]
}
# fix:end
