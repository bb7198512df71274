variable "retention_days" {
  type = number
}

resource "aws_cloudwatch_log_group" "workflow" {
  name              = "/aws/vendedlogs/states/workflow"
  retention_in_days = var.retention_days
}

resource "aws_sfn_state_machine" "workflow" {
  name     = "workflow"
  type     = "EXPRESS"
  role_arn = "arn:aws:iam::123456789012:role/sfn"
  definition = jsonencode({
    StartAt = "A"
    States  = { A = { Type = "Pass", End = true } }
  })
  logging_configuration {
    level           = "ERROR"
    log_destination = "${aws_cloudwatch_log_group.workflow.arn}:*"
  }
}

# a function's log group is LAM008's to report
resource "aws_lambda_function" "worker" {
  function_name = "worker"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/worker"
}

resource "aws_cloudwatch_log_group" "worker" {
  name = "/aws/lambda/${aws_lambda_function.worker.function_name}"
}
