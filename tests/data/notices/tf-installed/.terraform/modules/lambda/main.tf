# A stand-in for a registry module as `terraform init` leaves it: count on a flag, optional
# blocks through `dynamic`, names from the caller's inputs.
resource "aws_lambda_function" "this" {
  count = var.create ? 1 : 0

  function_name = var.function_name
  role          = aws_iam_role.lambda[0].arn
  handler       = var.handler
  runtime       = var.runtime
  timeout       = var.timeout
  memory_size   = var.memory_size

  dynamic "tracing_config" {
    for_each = var.tracing_mode == null ? [] : [true]
    content {
      mode = var.tracing_mode
    }
  }

  depends_on = [aws_cloudwatch_log_group.lambda]
}

resource "aws_cloudwatch_log_group" "lambda" {
  count = var.create ? 1 : 0

  name              = "/aws/lambda/${var.function_name}"
  retention_in_days = var.cloudwatch_logs_retention_in_days
}

data "aws_iam_policy_document" "assume_role" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "lambda" {
  count = var.create ? 1 : 0

  name               = coalesce(var.role_name, var.function_name)
  assume_role_policy = data.aws_iam_policy_document.assume_role.json
}
