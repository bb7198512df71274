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

resource "aws_lambda_event_source_mapping" "retries" {
  event_source_arn       = aws_kinesis_stream.clicks.arn
  function_name          = aws_lambda_function.consumer.arn
  starting_position      = "LATEST"
  maximum_retry_attempts = 3
}

resource "aws_lambda_event_source_mapping" "age" {
  event_source_arn              = aws_kinesis_stream.clicks.arn
  function_name                 = aws_lambda_function.consumer.arn
  starting_position             = "LATEST"
  maximum_record_age_in_seconds = 3600
}

# SQS retries are bounded by the queue's redrive policy
resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}

resource "aws_lambda_event_source_mapping" "jobs" {
  event_source_arn = aws_sqs_queue.jobs.arn
  function_name    = aws_lambda_function.consumer.arn
}
