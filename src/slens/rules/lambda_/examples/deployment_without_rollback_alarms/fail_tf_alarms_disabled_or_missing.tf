resource "aws_codedeploy_app" "orders" {
  name             = "orders"
  compute_platform = "Lambda"
}

resource "aws_cloudwatch_metric_alarm" "alias_errors" {
  alarm_name          = "orders-live-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
}

# alarms listed but disabled
resource "aws_codedeploy_deployment_group" "linear" {
  app_name               = aws_codedeploy_app.orders.name
  deployment_group_name  = "linear"
  service_role_arn       = "arn:aws:iam::123456789012:role/codedeploy"
  deployment_config_name = "CodeDeployDefault.LambdaLinear10PercentEvery1Minute"
  deployment_style {
    deployment_type   = "BLUE_GREEN"
    deployment_option = "WITH_TRAFFIC_CONTROL"
  }
  alarm_configuration {
    alarms  = [aws_cloudwatch_metric_alarm.alias_errors.alarm_name]
    enabled = false # expect: LAM105
  }
}

# no alarm_configuration at all
# expect: LAM105
resource "aws_codedeploy_deployment_group" "canary" {
  app_name               = aws_codedeploy_app.orders.name
  deployment_group_name  = "canary"
  service_role_arn       = "arn:aws:iam::123456789012:role/codedeploy"
  deployment_config_name = "CodeDeployDefault.LambdaCanary10Percent5Minutes"
  deployment_style {
    deployment_type   = "BLUE_GREEN"
    deployment_option = "WITH_TRAFFIC_CONTROL"
  }
}
