resource "aws_cloudwatch_metric_alarm" "alias_errors" {
  alarm_name          = "orders-live-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  dimensions          = { FunctionName = "orders", Resource = "orders:live" }
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
}

# fix:start
# CodeDeploy watches the new version's alarms and shifts the alias back when one fires
resource "aws_codedeploy_deployment_group" "canary" {
  # ...
  alarm_configuration {
    alarms  = [aws_cloudwatch_metric_alarm.alias_errors.alarm_name]
    enabled = true
  }
  auto_rollback_configuration {
    enabled = true
    events  = ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"]
  }
}
# fix:end
