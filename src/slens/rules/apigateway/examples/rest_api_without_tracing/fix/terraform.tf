# fix:start
resource "aws_api_gateway_stage" "prod" {
  # ...
  xray_tracing_enabled = true
}
# fix:end
