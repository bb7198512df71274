resource "aws_cloudwatch_log_group" "api_access" {
  name              = "/aws/apigateway/orders-access"
  retention_in_days = 30
}

# fix:start
# one JSON object per request, which Logs Insights queries by field
# a REST API's stage
resource "aws_api_gateway_stage" "prod" {
  # ...
  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.api_access.arn
    format = jsonencode({
      requestId      = "$context.requestId"
      ip             = "$context.identity.sourceIp"
      requestTime    = "$context.requestTime"
      httpMethod     = "$context.httpMethod"
      resourcePath   = "$context.resourcePath"
      status         = "$context.status"
      responseLength = "$context.responseLength"
    })
  }
}

# an HTTP or WebSocket API's stage
resource "aws_apigatewayv2_stage" "default" {
  # ...
  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.api_access.arn
    format = jsonencode({
      requestId   = "$context.requestId"
      ip          = "$context.identity.sourceIp"
      requestTime = "$context.requestTime"
      routeKey    = "$context.routeKey"
      status      = "$context.status"
    })
  }
}
# fix:end
