# expect: API301
resource "aws_api_gateway_usage_plan" "free" {
  name = "free"
}

# throttled, but no quota
# expect: API301
resource "aws_api_gateway_usage_plan" "partners" {
  name = "partners"
  throttle_settings {
    rate_limit  = 50
    burst_limit = 100
  }
}
