resource "aws_sns_topic" "orders" {
  name = "orders"
}

resource "aws_lambda_function" "worker" {
  function_name = "worker"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/worker"
}

# fix:start
# one function per kind of invoker (the code shared through a layer or a library):
# the API keeps "worker", the topic's notifications go to a function of their own
resource "aws_lambda_function" "worker_notifications" {
  function_name = "worker-notifications"
  runtime       = "python3.13"
  handler       = "notifications.handler"
  role          = "arn:aws:iam::123456789012:role/worker-notifications"
}

resource "aws_lambda_permission" "topic" {
  function_name = aws_lambda_function.worker_notifications.function_name
  action        = "lambda:InvokeFunction"
  principal     = "sns.amazonaws.com"
  source_arn    = aws_sns_topic.orders.arn
}
# fix:end
