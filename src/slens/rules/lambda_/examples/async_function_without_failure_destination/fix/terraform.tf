resource "aws_lambda_function" "example" {
  function_name = "example"
  runtime       = "python3.13"
  handler       = "app.handler"
}

resource "aws_sqs_queue" "failed_events" {
  name = "failed-events"
}

# fix:start
resource "aws_lambda_function_event_invoke_config" "example" {
  function_name = aws_lambda_function.example.function_name
  destination_config {
    on_failure {
      destination = aws_sqs_queue.failed_events.arn
    }
  }
}
# fix:end
