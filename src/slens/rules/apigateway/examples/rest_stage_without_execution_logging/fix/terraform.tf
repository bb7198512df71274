# fix:start
# execution logs of every method ("*/*"): integration errors, authorizer and mapping failures
resource "aws_api_gateway_stage" "prod" {
  # ...
}

resource "aws_api_gateway_method_settings" "all" {
  rest_api_id = aws_api_gateway_stage.prod.rest_api_id
  stage_name  = aws_api_gateway_stage.prod.stage_name
  method_path = "*/*"
  settings {
    logging_level      = "ERROR"
    data_trace_enabled = false # full requests and responses stay out of the logs
  }
}
# fix:end
