resource "aws_api_gateway_rest_api" "orders" {
  name = "orders"
}

resource "aws_lambda_function" "orders" {
  function_name = "orders"
  runtime       = "java21"
  handler       = "orders.Handler::handleRequest"
  role          = "arn:aws:iam::123456789012:role/orders"
  memory_size   = 1024
  publish       = true
  snap_start {
    apply_on = "PublishedVersions"
  }
}

resource "aws_lambda_permission" "orders" {
  function_name = aws_lambda_function.orders.function_name
  action        = "lambda:InvokeFunction"
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_api_gateway_rest_api.orders.execution_arn}/*/GET/orders"
}

# a queue consumer amortizes cold starts over its batches
resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}

resource "aws_lambda_function" "worker" {
  function_name = "worker"
  runtime       = "java21"
  handler       = "worker.Handler::handleRequest"
  role          = "arn:aws:iam::123456789012:role/worker"
  memory_size   = 1024
}

resource "aws_lambda_event_source_mapping" "jobs" {
  event_source_arn = aws_sqs_queue.jobs.arn
  function_name    = aws_lambda_function.worker.arn
}

resource "aws_lambda_function" "python" {
  function_name = "python"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/python"
}
