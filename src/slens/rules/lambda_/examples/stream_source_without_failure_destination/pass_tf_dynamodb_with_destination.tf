resource "aws_dynamodb_table" "orders" {
  name             = "orders"
  hash_key         = "id"
  stream_enabled   = true
  stream_view_type = "NEW_IMAGE"
  attribute {
    name = "id"
    type = "S"
  }
}

resource "aws_sqs_queue" "failed" {
  name = "failed-records"
}

resource "aws_lambda_function" "worker" {
  function_name = "worker"
  runtime       = "python3.13"
  handler       = "app.handler"
}

resource "aws_lambda_event_source_mapping" "orders" {
  event_source_arn  = aws_dynamodb_table.orders.stream_arn
  function_name     = aws_lambda_function.worker.arn
  starting_position = "LATEST"
  destination_config {
    on_failure {
      destination_arn = aws_sqs_queue.failed.arn
    }
  }
}
