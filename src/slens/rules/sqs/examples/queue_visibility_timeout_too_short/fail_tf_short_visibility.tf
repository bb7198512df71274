resource "aws_sqs_queue" "jobs" {
  name                       = "jobs"
  visibility_timeout_seconds = 60 # expect: SQS002
}

resource "aws_lambda_function" "worker" {
  function_name = "worker"
  runtime       = "python3.13"
  handler       = "app.handler"
  timeout       = 30
}

resource "aws_lambda_event_source_mapping" "jobs" {
  event_source_arn = aws_sqs_queue.jobs.arn
  function_name    = aws_lambda_function.worker.arn
}
