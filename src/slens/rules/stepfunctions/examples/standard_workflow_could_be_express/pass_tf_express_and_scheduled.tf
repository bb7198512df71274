resource "aws_sfn_state_machine" "enrich" {
  name     = "enrich"
  type     = "EXPRESS"
  role_arn = "arn:aws:iam::123456789012:role/sfn"
  definition = jsonencode({
    StartAt = "Enrich"
    States  = { Enrich = { Type = "Pass", End = true } }
  })
}

resource "aws_cloudwatch_event_rule" "order_placed" {
  name          = "order-placed"
  event_pattern = jsonencode({ source = ["shop.orders"] })
}

resource "aws_cloudwatch_event_target" "enrich" {
  rule     = aws_cloudwatch_event_rule.order_placed.name
  arn      = aws_sfn_state_machine.enrich.arn
  role_arn = "arn:aws:iam::123456789012:role/events"
}

# started once a night: low volume
resource "aws_sfn_state_machine" "report" {
  name     = "report"
  role_arn = "arn:aws:iam::123456789012:role/sfn"
  definition = jsonencode({
    StartAt = "Report"
    States  = { Report = { Type = "Pass", End = true } }
  })
}

resource "aws_cloudwatch_event_rule" "nightly" {
  name                = "nightly"
  schedule_expression = "cron(0 2 * * ? *)"
}

resource "aws_cloudwatch_event_target" "report" {
  rule     = aws_cloudwatch_event_rule.nightly.name
  arn      = aws_sfn_state_machine.report.arn
  role_arn = "arn:aws:iam::123456789012:role/events"
}

# waits for a person: long-running
resource "aws_sfn_state_machine" "approval" {
  name     = "approval"
  role_arn = "arn:aws:iam::123456789012:role/sfn"
  definition = jsonencode({
    StartAt = "Wait"
    States  = { Wait = { Type = "Wait", Seconds = 3600, End = true } }
  })
}

resource "aws_cloudwatch_event_target" "approval" {
  rule     = aws_cloudwatch_event_rule.order_placed.name
  arn      = aws_sfn_state_machine.approval.arn
  role_arn = "arn:aws:iam::123456789012:role/events"
}
