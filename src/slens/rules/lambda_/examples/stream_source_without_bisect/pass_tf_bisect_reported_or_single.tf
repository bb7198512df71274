resource "aws_kinesis_stream" "clicks" {
  name        = "clicks"
  shard_count = 1
}

resource "aws_lambda_function" "consumer" {
  function_name = "consumer"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/consumer"
}

resource "aws_lambda_event_source_mapping" "bisect" {
  event_source_arn               = aws_kinesis_stream.clicks.arn
  function_name                  = aws_lambda_function.consumer.arn
  starting_position              = "LATEST"
  bisect_batch_on_function_error = true
}

resource "aws_lambda_event_source_mapping" "reported" {
  event_source_arn        = aws_kinesis_stream.clicks.arn
  function_name           = aws_lambda_function.consumer.arn
  starting_position       = "LATEST"
  function_response_types = ["ReportBatchItemFailures"]
}

resource "aws_lambda_event_source_mapping" "single" {
  event_source_arn  = aws_kinesis_stream.clicks.arn
  function_name     = aws_lambda_function.consumer.arn
  starting_position = "LATEST"
  batch_size        = 1
}
