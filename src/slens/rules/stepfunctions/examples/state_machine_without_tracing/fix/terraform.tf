# fix:start
# the state machine's role also needs xray:PutTraceSegments, xray:PutTelemetryRecords,
# xray:GetSamplingRules and xray:GetSamplingTargets
resource "aws_sfn_state_machine" "orders" {
  # ...
  tracing_configuration {
    enabled = true
  }
}
# fix:end
