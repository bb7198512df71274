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

resource "aws_codedeploy_deployment_group" "canary" {
  app_name               = aws_codedeploy_app.orders.name
  deployment_group_name  = "canary"
  service_role_arn       = "arn:aws:iam::123456789012:role/codedeploy"
  deployment_config_name = "CodeDeployDefault.LambdaCanary10Percent5Minutes"
  deployment_style {
    deployment_type   = "BLUE_GREEN"
    deployment_option = "WITH_TRAFFIC_CONTROL"
  }
  alarm_configuration {
    alarms  = [aws_cloudwatch_metric_alarm.alias_errors.alarm_name]
    enabled = true
  }
  auto_rollback_configuration {
    enabled = true
    events  = ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"]
  }
}

# all at once: nothing to roll back gradually
resource "aws_codedeploy_deployment_group" "all_at_once" {
  app_name               = aws_codedeploy_app.orders.name
  deployment_group_name  = "all-at-once"
  service_role_arn       = "arn:aws:iam::123456789012:role/codedeploy"
  deployment_config_name = "CodeDeployDefault.LambdaAllAtOnce"
  deployment_style {
    deployment_type   = "BLUE_GREEN"
    deployment_option = "WITH_TRAFFIC_CONTROL"
  }
}

# EC2/on-premises deployments are not judged
resource "aws_codedeploy_app" "legacy" {
  name             = "legacy"
  compute_platform = "Server"
}

resource "aws_codedeploy_deployment_group" "legacy" {
  app_name               = aws_codedeploy_app.legacy.name
  deployment_group_name  = "legacy"
  service_role_arn       = "arn:aws:iam::123456789012:role/codedeploy"
  deployment_config_name = "CodeDeployDefault.OneAtATime"
}
