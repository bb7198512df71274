# fix:start
resource "aws_sqs_queue" "jobs" {
  # ...
  visibility_timeout_seconds = 360 # 6 x the timeout of its slowest consumer (60 s)
}
# fix:end
