resource "aws_lambda_function" "charge" {
  function_name = "charge"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/charge"
}

resource "aws_sfn_state_machine" "checkout" {
  name     = "checkout"
  role_arn = "arn:aws:iam::123456789012:role/checkout"
  definition = jsonencode({
    StartAt = "ChargeCard"
    States = {
      ChargeCard = { # expect: SFN302
        Type       = "Task"
        Resource   = "arn:aws:states:::lambda:invoke"
        Parameters = { FunctionName = aws_lambda_function.charge.arn }
        Retry      = [{ ErrorEquals = ["States.ALL"], MaxAttempts = 3 }]
        End        = true
      }
    }
  })
}
