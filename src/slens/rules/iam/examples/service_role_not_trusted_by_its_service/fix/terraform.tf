# fix:start
# the role of a state machine is assumed by Step Functions (an EventBridge target's by
# events.amazonaws.com, an API integration's by apigateway.amazonaws.com, an AppSync data
# source's by appsync.amazonaws.com): one role per service
resource "aws_iam_role" "workflow" {
  # ...
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "states.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}
# fix:end

resource "aws_sfn_state_machine" "orders" {
  name     = "orders"
  role_arn = aws_iam_role.workflow.arn
  definition = jsonencode({
    StartAt = "Done"
    States  = { Done = { Type = "Succeed" } }
  })
}
