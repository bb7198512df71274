# A small serverless app: API -> function -> queue (with DLQ) -> worker; table stream; state machine.
variable "stage" {
  default = "prod"
}

variable "alarm_topic" {
  type = string
}

locals {
  prefix = "shop-${var.stage}"
}

data "aws_iam_policy_document" "lambda_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "worker" {
  name               = "${local.prefix}-worker"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
}

resource "aws_iam_role_policy" "worker" {
  role = aws_iam_role.worker.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["sqs:*"]
      Resource = aws_sqs_queue.jobs.arn
    }]
  })
}

resource "aws_lambda_function" "worker" {
  function_name = "${local.prefix}-worker"
  role          = aws_iam_role.worker.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  memory_size   = 512
  timeout       = 60
  tracing_config {
    mode = "Active"
  }
  environment {
    variables = {
      TABLE = aws_dynamodb_table.orders.name
    }
  }
}

resource "aws_cloudwatch_log_group" "worker" {
  name              = "/aws/lambda/${aws_lambda_function.worker.function_name}"
  retention_in_days = 14
}

resource "aws_sqs_queue" "jobs" {
  name                       = "${local.prefix}-jobs"
  visibility_timeout_seconds = 120
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.jobs_dlq.arn
    maxReceiveCount     = 5
  })
}

resource "aws_sqs_queue" "jobs_dlq" {
  name = "${local.prefix}-jobs-dlq"
}

resource "aws_lambda_event_source_mapping" "jobs" {
  event_source_arn = aws_sqs_queue.jobs.arn
  function_name    = aws_lambda_function.worker.arn
  batch_size       = 10
}

resource "aws_cloudwatch_metric_alarm" "worker_errors" {
  alarm_name    = "${local.prefix}-worker-errors"
  namespace     = "AWS/Lambda"
  metric_name   = "Errors"
  dimensions    = { FunctionName = aws_lambda_function.worker.function_name }
  alarm_actions = [var.alarm_topic]
}

resource "aws_dynamodb_table" "orders" {
  name             = "${local.prefix}-orders"
  billing_mode     = "PAY_PER_REQUEST"
  hash_key         = "id"
  stream_enabled   = true
  stream_view_type = "NEW_IMAGE"
  attribute {
    name = "id"
    type = "S"
  }
}

resource "aws_lambda_event_source_mapping" "orders" {
  event_source_arn  = aws_dynamodb_table.orders.stream_arn
  function_name     = aws_lambda_function.worker.arn
  starting_position = "LATEST"
}

resource "aws_sfn_state_machine" "checkout" {
  name     = "${local.prefix}-checkout"
  role_arn = aws_iam_role.worker.arn
  definition = jsonencode({
    StartAt = "Work"
    States = {
      Work = { Type = "Task", Resource = aws_lambda_function.worker.arn, End = true }
    }
  })
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
