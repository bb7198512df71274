resource "aws_kinesis_stream" "clicks" {
  name        = "clicks"
  shard_count = 1
}

# expect: LAM101
resource "aws_lambda_function" "consumer" {
  function_name = "stream-consumer"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/consumer"
}

resource "aws_lambda_event_source_mapping" "clicks" {
  event_source_arn  = aws_kinesis_stream.clicks.arn
  function_name     = aws_lambda_function.consumer.arn
  starting_position = "LATEST"
}

# Errors and Throttles in one metric-math alarm; IteratorAge is missing
resource "aws_cloudwatch_metric_alarm" "failures" {
  alarm_name          = "consumer-failures"
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  metric_query {
    id          = "failures"
    expression  = "errors + throttles"
    return_data = true
  }
  metric_query {
    id = "errors"
    metric {
      namespace   = "AWS/Lambda"
      metric_name = "Errors"
      dimensions  = { FunctionName = "stream-consumer" }
      period      = 60
      stat        = "Sum"
    }
  }
  metric_query {
    id = "throttles"
    metric {
      namespace   = "AWS/Lambda"
      metric_name = "Throttles"
      dimensions  = { FunctionName = aws_lambda_function.consumer.function_name }
      period      = 60
      stat        = "Sum"
    }
  }
}

# no alarm at all
# expect: LAM101
resource "aws_lambda_function" "api" {
  function_name = "api"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/api"
}
