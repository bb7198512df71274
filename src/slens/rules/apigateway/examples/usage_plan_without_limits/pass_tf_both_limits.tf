variable "quota" {
  type = number
}

resource "aws_api_gateway_usage_plan" "partners" {
  name = "partners"
  throttle_settings {
    rate_limit  = 50
    burst_limit = 100
  }
  quota_settings {
    limit  = 100000
    period = "MONTH"
  }
}

resource "aws_api_gateway_usage_plan" "tiered" {
  name = "tiered"
  throttle_settings {
    rate_limit = 10
  }
  quota_settings {
    limit  = var.quota
    period = "DAY"
  }
}
