# STANDARD is Terraform's default type
# expect: SFN401
resource "aws_sfn_state_machine" "enrich" {
  name     = "enrich"
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
