# fix:start
resource "aws_lambda_event_source_mapping" "clicks" {
  # ...
  bisect_batch_on_function_error = true
  # or: return batchItemFailures from the function and
  # function_response_types = ["ReportBatchItemFailures"]
}
# fix:end
