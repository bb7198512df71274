resource "aws_sqs_queue" "failures" {
  name = "failures"
}

resource "aws_lambda_function" "thumbnail" {
  function_name = "thumbnail"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/thumbnail"
}

# fix:start
# retries and event age chosen for the workload (the defaults: 2 retries over up to 6 hours)
resource "aws_lambda_function_event_invoke_config" "thumbnail" {
  function_name                = aws_lambda_function.thumbnail.function_name
  maximum_retry_attempts       = 1
  maximum_event_age_in_seconds = 900
  destination_config {
    on_failure {
      destination = aws_sqs_queue.failures.arn
    }
  }
}
# fix:end
