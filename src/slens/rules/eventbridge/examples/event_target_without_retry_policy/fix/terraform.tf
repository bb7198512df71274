resource "aws_cloudwatch_event_rule" "orders" {
  name          = "orders"
  event_pattern = jsonencode({ source = ["shop.orders"] })
}

# fix:start
# each target's retries bounded to what is still worth delivering (the default: 185 attempts over 24 hours)
resource "aws_cloudwatch_event_target" "worker" {
  # ...
  rule = aws_cloudwatch_event_rule.orders.name
  retry_policy {
    maximum_event_age_in_seconds = 3600
    maximum_retry_attempts       = 10
  }
}
# fix:end
