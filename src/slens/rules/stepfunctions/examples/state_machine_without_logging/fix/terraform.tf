# fix:start
resource "aws_cloudwatch_log_group" "orders_flow" {
  name              = "/aws/vendedlogs/states/orders"
  retention_in_days = 30
}

# the state machine's role needs the logs:*LogDelivery* actions
resource "aws_sfn_state_machine" "orders" {
  # ...
  logging_configuration {
    level                  = "ERROR"
    include_execution_data = false
    log_destination        = "${aws_cloudwatch_log_group.orders_flow.arn}:*"
  }
}
# fix:end
