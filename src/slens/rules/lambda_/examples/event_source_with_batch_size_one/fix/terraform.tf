# fix:start
# one invocation per batch of records, not per record (the function reports the failed ones)
resource "aws_lambda_event_source_mapping" "jobs" {
  # ...
  batch_size                         = 10
  maximum_batching_window_in_seconds = 5
  function_response_types            = ["ReportBatchItemFailures"]
}
# fix:end
