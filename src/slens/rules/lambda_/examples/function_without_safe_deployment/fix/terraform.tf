resource "aws_iam_role" "codedeploy" {
  name = "codedeploy"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "codedeploy.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy_attachment" "codedeploy" {
  role       = aws_iam_role.codedeploy.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSCodeDeployRoleForLambdaLimited"
}

# fix:start
# callers (the API, the URL) invoke the alias; CodeDeploy shifts it to each new version gradually
resource "aws_lambda_function" "orders" {
  # ...
  publish = true
}

resource "aws_lambda_alias" "live" {
  name             = "live"
  function_name    = aws_lambda_function.orders.function_name
  function_version = aws_lambda_function.orders.version
  lifecycle {
    ignore_changes = [function_version, routing_config] # CodeDeploy moves it
  }
}

resource "aws_codedeploy_app" "orders" {
  name             = "orders"
  compute_platform = "Lambda"
}

resource "aws_codedeploy_deployment_group" "orders" {
  app_name               = aws_codedeploy_app.orders.name
  deployment_group_name  = "orders"
  service_role_arn       = aws_iam_role.codedeploy.arn
  deployment_config_name = "CodeDeployDefault.LambdaCanary10Percent5Minutes"
  deployment_style {
    deployment_type   = "BLUE_GREEN"
    deployment_option = "WITH_TRAFFIC_CONTROL"
  }
  auto_rollback_configuration {
    enabled = true
    events  = ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"]
  }
}
# fix:end
