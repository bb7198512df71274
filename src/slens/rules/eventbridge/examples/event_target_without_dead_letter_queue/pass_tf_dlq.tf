resource "aws_cloudwatch_event_rule" "nightly" {
  name                = "nightly"
  schedule_expression = "rate(1 day)"
}

resource "aws_sqs_queue" "undelivered" {
  name = "undelivered"
}

resource "aws_lambda_function" "worker" {
  function_name = "worker"
  runtime       = "python3.13"
  handler       = "app.handler"
}

resource "aws_cloudwatch_event_target" "worker" {
  rule = aws_cloudwatch_event_rule.nightly.name
  arn  = aws_lambda_function.worker.arn
  dead_letter_config {
    arn = aws_sqs_queue.undelivered.arn
  }
}
