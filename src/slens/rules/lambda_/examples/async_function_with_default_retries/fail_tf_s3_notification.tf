resource "aws_s3_bucket" "uploads" {
  bucket = "uploads"
}

# expect: LAM304
resource "aws_lambda_function" "thumbnail" {
  function_name = "thumbnail"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/thumbnail"
  dead_letter_config {
    target_arn = aws_sqs_queue.failures.arn
  }
}

resource "aws_s3_bucket_notification" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  lambda_function {
    lambda_function_arn = aws_lambda_function.thumbnail.arn
    events              = ["s3:ObjectCreated:*"]
  }
}

# a failure destination alone keeps the default retries and event age
resource "aws_sqs_queue" "failures" {
  name = "failures"
}

resource "aws_sns_topic" "events" {
  name = "events"
}

# expect: LAM304
resource "aws_lambda_function" "notifier" {
  function_name = "notifier"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/notifier"
}

resource "aws_sns_topic_subscription" "notifier" {
  topic_arn = aws_sns_topic.events.arn
  protocol  = "lambda"
  endpoint  = aws_lambda_function.notifier.arn
}

resource "aws_lambda_function_event_invoke_config" "notifier" {
  function_name = aws_lambda_function.notifier.function_name
  destination_config {
    on_failure {
      destination = aws_sqs_queue.failures.arn
    }
  }
}
