# fix:start
resource "aws_sqs_queue" "clicks_failures" {
  name = "clicks-stream-failures"
}

resource "aws_lambda_event_source_mapping" "clicks" {
  # ...
  maximum_retry_attempts         = 3
  maximum_record_age_in_seconds  = 3600
  bisect_batch_on_function_error = true
  # the records skipped after the retries are kept here (LAM007)
  destination_config {
    on_failure {
      destination_arn = aws_sqs_queue.clicks_failures.arn
    }
  }
}
# fix:end
