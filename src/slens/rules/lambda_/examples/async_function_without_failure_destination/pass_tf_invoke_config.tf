resource "aws_sns_topic" "orders" {
  name = "orders"
}

resource "aws_sqs_queue" "failures" {
  name = "failures"
}

resource "aws_lambda_function" "worker" {
  function_name = "worker"
  runtime       = "python3.13"
  handler       = "app.handler"
}

resource "aws_sns_topic_subscription" "worker" {
  topic_arn = aws_sns_topic.orders.arn
  protocol  = "lambda"
  endpoint  = aws_lambda_function.worker.arn
}

resource "aws_lambda_function_event_invoke_config" "worker" {
  function_name = aws_lambda_function.worker.function_name
  destination_config {
    on_failure {
      destination = aws_sqs_queue.failures.arn
    }
  }
}
