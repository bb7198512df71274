# Parity app, Terraform version of ../sam/template.yaml: same resources, same good and bad settings.
# Terraform requires a function and a table name; they are built from the stage, as CloudFormation
# builds them from the stack name, so a second stage can be deployed beside the first.

variable "stage" {
  type    = string
  default = "dev"
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

data "aws_iam_policy_document" "states_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["states.amazonaws.com"]
    }
  }
}

resource "aws_lambda_function" "orders" {
  function_name = "parity-${var.stage}-orders"
  role          = aws_iam_role.orders.arn
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "orders.zip"
  timeout       = 30
  architectures = ["arm64"]
  environment {
    variables = {
      TABLE = aws_dynamodb_table.orders.name
    }
  }
}

resource "aws_iam_role" "orders" {
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
}

resource "aws_iam_role_policy_attachment" "orders_basic" {
  role       = aws_iam_role.orders.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}

resource "aws_iam_role_policy_attachment" "orders_sqs" {
  role       = aws_iam_role.orders.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole"
}

resource "aws_iam_role_policy" "orders_table" {
  role = aws_iam_role.orders.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "dynamodb:*"
      Resource = aws_dynamodb_table.orders.arn
    }]
  })
}

resource "aws_cloudwatch_log_group" "orders" {
  name              = "/aws/lambda/${aws_lambda_function.orders.function_name}"
  retention_in_days = 14
}

resource "aws_sqs_queue" "jobs" {
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.jobs_dlq.arn
    maxReceiveCount     = 5
  })
}

resource "aws_sqs_queue" "jobs_dlq" {
  message_retention_seconds = 1209600
}

resource "aws_lambda_event_source_mapping" "jobs" {
  event_source_arn = aws_sqs_queue.jobs.arn
  function_name    = aws_lambda_function.orders.arn
  batch_size       = 10

  function_response_types = ["ReportBatchItemFailures"]
}

resource "aws_sns_topic" "notices" {
  kms_master_key_id = "alias/aws/sns"
}

resource "aws_sns_topic_subscription" "orders_notices" {
  topic_arn = aws_sns_topic.notices.arn
  protocol  = "lambda"
  endpoint  = aws_lambda_function.orders.arn
}

resource "aws_lambda_permission" "notices" {
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.orders.function_name
  principal     = "sns.amazonaws.com"
  source_arn    = aws_sns_topic.notices.arn
}

resource "aws_apigatewayv2_api" "http" {
  name          = "parity-${var.stage}-api"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.http.id
  name        = "$default"
  auto_deploy = true
}

resource "aws_apigatewayv2_integration" "get_orders" {
  api_id                 = aws_apigatewayv2_api.http.id
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_function.orders.invoke_arn
  payload_format_version = "2.0"
}

resource "aws_apigatewayv2_route" "get_orders" {
  api_id    = aws_apigatewayv2_api.http.id
  route_key = "GET /orders"
  target    = "integrations/${aws_apigatewayv2_integration.get_orders.id}"
}

resource "aws_lambda_permission" "get_orders" {
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.orders.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.http.execution_arn}/*/GET/orders"
}

resource "aws_dynamodb_table" "orders" {
  name         = "parity-${var.stage}-orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
  attribute {
    name = "id"
    type = "S"
  }
}

resource "aws_sfn_state_machine" "order_flow" {
  role_arn = aws_iam_role.order_flow.arn
  tracing_configuration {
    enabled = true
  }
  definition = jsonencode({
    StartAt = "Process"
    States = {
      Process = {
        Type     = "Task"
        Resource = "arn:aws:states:::lambda:invoke"
        Parameters = {
          FunctionName = aws_lambda_function.orders.arn
          "Payload.$"  = "$"
        }
        End = true
      }
    }
  })
}

resource "aws_iam_role" "order_flow" {
  assume_role_policy = data.aws_iam_policy_document.states_assume.json
}

resource "aws_iam_role_policy" "order_flow" {
  role = aws_iam_role.order_flow.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "lambda:InvokeFunction"
      Resource = aws_lambda_function.orders.arn
    }]
  })
}
