# fix:start
resource "aws_api_gateway_usage_plan" "partners" {
  # ...
  throttle_settings {
    rate_limit  = 10 # per key, per second
    burst_limit = 20
  }
  quota_settings {
    limit  = 10000
    period = "DAY"
  }
}
# fix:end
