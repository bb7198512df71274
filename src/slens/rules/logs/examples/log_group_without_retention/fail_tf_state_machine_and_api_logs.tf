# expect: LOG401
resource "aws_cloudwatch_log_group" "workflow" {
  name = "/aws/vendedlogs/states/workflow"
}

resource "aws_sfn_state_machine" "workflow" {
  name     = "workflow"
  type     = "EXPRESS"
  role_arn = "arn:aws:iam::123456789012:role/sfn"
  definition = jsonencode({
    StartAt = "A"
    States  = { A = { Type = "Pass", End = true } }
  })
  logging_configuration {
    level           = "ERROR"
    log_destination = "${aws_cloudwatch_log_group.workflow.arn}:*"
  }
}

# expect: LOG401
resource "aws_cloudwatch_log_group" "access" {
  name = "api-access"
}

resource "aws_apigatewayv2_api" "http" {
  name          = "http"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.http.id
  name        = "$default"
  auto_deploy = true
  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.access.arn
    format          = jsonencode({ requestId = "$context.requestId" })
  }
}
