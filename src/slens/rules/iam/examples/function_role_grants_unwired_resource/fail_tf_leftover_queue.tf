# no fixed name: the code can only know a queue it is given
resource "aws_sqs_queue" "jobs" {}

resource "aws_sqs_queue" "other" {}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "producer" {
  name               = "producer"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

data "aws_iam_policy_document" "queues" {
  statement {
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.jobs.arn, aws_sqs_queue.other.arn] # expect: IAM201
  }
  statement {
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "queues" {
  name   = "queues"
  role   = aws_iam_role.producer.id
  policy = data.aws_iam_policy_document.queues.json
}

resource "aws_lambda_function" "producer" {
  function_name = "producer"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = aws_iam_role.producer.arn
  environment {
    variables = {
      QUEUE_URL = aws_sqs_queue.jobs.url
    }
  }
}

resource "aws_cloudwatch_event_rule" "schedule" {
  name                = "producer"
  schedule_expression = "rate(1 hour)"
}

resource "aws_cloudwatch_event_target" "producer" {
  rule = aws_cloudwatch_event_rule.schedule.name
  arn  = aws_lambda_function.producer.arn
}
