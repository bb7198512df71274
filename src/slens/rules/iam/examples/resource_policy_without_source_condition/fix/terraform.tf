resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}

resource "aws_cloudwatch_event_rule" "nightly" {
  name                = "nightly"
  schedule_expression = "rate(1 day)"
}

# fix:start
data "aws_iam_policy_document" "jobs" {
  statement {
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.jobs.arn]
    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }
    # only the rule that sends to it (or aws:SourceAccount where the source ARN is not known)
    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [aws_cloudwatch_event_rule.nightly.arn]
    }
  }
}

resource "aws_sqs_queue_policy" "jobs" {
  # ...
  policy = data.aws_iam_policy_document.jobs.json
}
# fix:end
