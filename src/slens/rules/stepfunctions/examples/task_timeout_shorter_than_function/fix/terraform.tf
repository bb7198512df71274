resource "aws_lambda_function" "charge" {
  function_name = "charge"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/charge"
  timeout       = 60
}

# fix:start
# the task waits at least as long as the function may run (its timeout: 60 s)
resource "aws_sfn_state_machine" "checkout" {
  # ...
  definition = jsonencode({
    StartAt = "ChargeCard"
    States = {
      ChargeCard = {
        Type           = "Task"
        Resource       = "arn:aws:states:::lambda:invoke"
        TimeoutSeconds = 90
        Parameters     = { FunctionName = aws_lambda_function.charge.arn }
        End            = true
      }
    }
  })
}
# fix:end
