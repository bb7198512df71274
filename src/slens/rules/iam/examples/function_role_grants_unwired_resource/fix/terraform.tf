resource "aws_sqs_queue" "jobs" {}

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

resource "aws_iam_role_policy" "queues" {
  name   = "queues"
  role   = aws_iam_role.producer.id
  policy = data.aws_iam_policy_document.queues.json
}

# fix:start
# grant only the queue the function is given (its QUEUE_URL): drop what it can no longer reach
data "aws_iam_policy_document" "queues" {
  statement {
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.jobs.arn]
  }
  statement {
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["*"]
  }
}
# fix:end
