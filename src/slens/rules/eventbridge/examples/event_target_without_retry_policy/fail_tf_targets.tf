resource "aws_cloudwatch_event_rule" "orders" {
  name          = "orders"
  event_pattern = jsonencode({ source = ["shop.orders"] })
}

resource "aws_lambda_function" "worker" {
  function_name = "worker"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/worker"
}

resource "aws_sqs_queue" "audit" {
  name = "audit"
}

# expect: EVB301
resource "aws_cloudwatch_event_target" "worker" {
  rule = aws_cloudwatch_event_rule.orders.name
  arn  = aws_lambda_function.worker.arn
}

# expect: EVB301
resource "aws_cloudwatch_event_target" "audit" {
  rule = aws_cloudwatch_event_rule.orders.name
  arn  = aws_sqs_queue.audit.arn
  dead_letter_config {
    arn = aws_sqs_queue.audit.arn
  }
}
