resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}

resource "aws_lambda_function" "worker" {
  function_name                  = "worker"
  runtime                        = "python3.13"
  handler                        = "app.handler"
  role                           = "arn:aws:iam::123456789012:role/worker"
  reserved_concurrent_executions = 5
}

resource "aws_lambda_event_source_mapping" "jobs" {
  event_source_arn = aws_sqs_queue.jobs.arn
  function_name    = aws_lambda_function.worker.arn
  scaling_config {
    maximum_concurrency = 5
  }
}

# no reservation: nothing for the pollers to outrun
resource "aws_lambda_function" "free" {
  function_name = "free"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/free"
}

resource "aws_lambda_event_source_mapping" "free" {
  event_source_arn = aws_sqs_queue.jobs.arn
  function_name    = aws_lambda_function.free.arn
}
