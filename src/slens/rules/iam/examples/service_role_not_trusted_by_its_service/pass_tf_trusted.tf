resource "aws_iam_role" "workflow" {
  name = "workflow"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = ["states.amazonaws.com", "events.amazonaws.com"] }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_sfn_state_machine" "orders" {
  name     = "orders"
  role_arn = aws_iam_role.workflow.arn
  definition = jsonencode({
    StartAt = "Done"
    States  = { Done = { Type = "Succeed" } }
  })
}

resource "aws_cloudwatch_event_rule" "orders" {
  name          = "orders"
  event_pattern = jsonencode({ source = ["orders"] })
}

resource "aws_cloudwatch_event_target" "workflow" {
  rule     = aws_cloudwatch_event_rule.orders.name
  arn      = aws_sfn_state_machine.orders.arn
  role_arn = aws_iam_role.workflow.arn
}

data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["states.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "function" {
  name               = "function"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

resource "aws_sfn_state_machine" "other" {
  name     = "other"
  role_arn = aws_iam_role.function.arn
  definition = jsonencode({
    StartAt = "Done"
    States  = { Done = { Type = "Succeed" } }
  })
}

variable "trusted_service" {
  type = string
}

resource "aws_iam_role" "configured" {
  name = "configured"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = var.trusted_service }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_sfn_state_machine" "configured" {
  name     = "configured"
  role_arn = aws_iam_role.configured.arn
  definition = jsonencode({
    StartAt = "Done"
    States  = { Done = { Type = "Succeed" } }
  })
}
