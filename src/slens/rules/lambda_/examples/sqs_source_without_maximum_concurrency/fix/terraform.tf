resource "aws_lambda_function" "worker" {
  function_name                  = "worker"
  runtime                        = "python3.13"
  handler                        = "app.handler"
  role                           = "arn:aws:iam::123456789012:role/worker"
  reserved_concurrent_executions = 5
}

# fix:start
# no more pollers than the function may run: messages wait in the queue instead of being
# throttled back to it (and to the dead-letter queue)
resource "aws_lambda_event_source_mapping" "jobs" {
  # ...
  function_name = aws_lambda_function.worker.arn
  scaling_config {
    maximum_concurrency = 5 # at most the function's reserved_concurrent_executions
  }
}
# fix:end
