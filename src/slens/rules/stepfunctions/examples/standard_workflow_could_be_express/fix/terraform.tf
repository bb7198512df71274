# fix:start
# a short workflow started per event: Express bills per request and duration, not per transition
# (at-least-once: its steps must be idempotent)
resource "aws_sfn_state_machine" "enrich" {
  # ...
  type = "EXPRESS"
}
# fix:end
