# fix:start
# receives the failed batch's shard and sequence numbers
resource "aws_sqs_queue" "orders_failures" {
  name = "orders-stream-failures"
}

resource "aws_lambda_event_source_mapping" "orders" {
  # ...
  maximum_retry_attempts         = 3
  bisect_batch_on_function_error = true
  destination_config {
    on_failure {
      destination_arn = aws_sqs_queue.orders_failures.arn
    }
  }
}
# fix:end
