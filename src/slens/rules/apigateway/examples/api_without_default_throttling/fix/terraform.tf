# fix:start
# a REST API's stage: throttle every method ("*/*")
resource "aws_api_gateway_stage" "prod" {
  # ...
}

resource "aws_api_gateway_method_settings" "all" {
  rest_api_id = aws_api_gateway_stage.prod.rest_api_id
  stage_name  = aws_api_gateway_stage.prod.stage_name
  method_path = "*/*"
  settings {
    throttling_burst_limit = 100
    throttling_rate_limit  = 50
  }
}

# an HTTP or WebSocket API's stage
resource "aws_apigatewayv2_stage" "default" {
  # ...
  default_route_settings {
    throttling_burst_limit = 100
    throttling_rate_limit  = 50
  }
}
# fix:end
