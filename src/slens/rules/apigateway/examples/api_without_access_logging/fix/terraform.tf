# fix:start
resource "aws_cloudwatch_log_group" "api_access" {
  name              = "/aws/apigateway/orders-access"
  retention_in_days = 30
}

# a REST API's stage
resource "aws_api_gateway_stage" "prod" {
  # ...
  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.api_access.arn
    format          = jsonencode({ requestId = "$context.requestId", status = "$context.status" })
  }
}

# an HTTP or WebSocket API's stage
resource "aws_apigatewayv2_stage" "default" {
  # ...
  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.api_access.arn
    format          = jsonencode({ requestId = "$context.requestId", status = "$context.status" })
  }
}
# fix:end
