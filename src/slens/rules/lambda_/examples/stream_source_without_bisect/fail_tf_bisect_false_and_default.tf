resource "aws_kinesis_stream" "clicks" {
  name        = "clicks"
  shard_count = 1
}

resource "aws_dynamodb_table" "orders" {
  name             = "orders"
  billing_mode     = "PAY_PER_REQUEST"
  hash_key         = "id"
  stream_enabled   = true
  stream_view_type = "NEW_IMAGE"
  attribute {
    name = "id"
    type = "S"
  }
}

resource "aws_lambda_function" "consumer" {
  function_name = "consumer"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/consumer"
}

resource "aws_lambda_event_source_mapping" "clicks" {
  event_source_arn               = aws_kinesis_stream.clicks.arn
  function_name                  = aws_lambda_function.consumer.arn
  starting_position              = "LATEST"
  batch_size                     = 50
  bisect_batch_on_function_error = false # expect: LAM306
}

# expect: LAM306
resource "aws_lambda_event_source_mapping" "orders" {
  event_source_arn  = aws_dynamodb_table.orders.stream_arn
  function_name     = aws_lambda_function.consumer.arn
  starting_position = "TRIM_HORIZON"
}
