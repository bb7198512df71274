resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}

# fix:start
# only the actions the function calls, on the resources it calls them on
data "aws_iam_policy_document" "worker" {
  statement {
    actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]
    resources = [aws_sqs_queue.jobs.arn]
  }
}

resource "aws_iam_role_policy" "worker" {
  # ...
  policy = data.aws_iam_policy_document.worker.json
}

# a managed policy attached to the role: the same, no wildcard and no NotAction
resource "aws_iam_policy" "worker" {
  # ...
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]
      Resource = aws_sqs_queue.jobs.arn
    }]
  })
}
# fix:end
