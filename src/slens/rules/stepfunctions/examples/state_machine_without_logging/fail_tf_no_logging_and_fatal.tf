# expect: SFN102
resource "aws_sfn_state_machine" "orders" {
  name     = "orders"
  role_arn = "arn:aws:iam::123456789012:role/sfn"
  definition = jsonencode({
    StartAt = "Done"
    States  = { Done = { Type = "Succeed" } }
  })
}

resource "aws_cloudwatch_log_group" "express" {
  name              = "/aws/vendedlogs/states/express"
  retention_in_days = 30
}

resource "aws_sfn_state_machine" "express" {
  name     = "express"
  type     = "EXPRESS"
  role_arn = "arn:aws:iam::123456789012:role/sfn"
  definition = jsonencode({
    StartAt = "Done"
    States  = { Done = { Type = "Succeed" } }
  })
  logging_configuration {
    level           = "FATAL" # expect: SFN102
    log_destination = "${aws_cloudwatch_log_group.express.arn}:*"
  }
}
