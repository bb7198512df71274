resource "aws_kinesis_stream" "orders" {
  name        = "orders"
  shard_count = 1
}

resource "aws_lambda_function" "worker" {
  function_name = "worker"
  runtime       = "python3.13"
  handler       = "app.handler"
}

# expect: LAM007
resource "aws_lambda_event_source_mapping" "orders" {
  event_source_arn  = aws_kinesis_stream.orders.arn
  function_name     = aws_lambda_function.worker.arn
  starting_position = "LATEST"
}
