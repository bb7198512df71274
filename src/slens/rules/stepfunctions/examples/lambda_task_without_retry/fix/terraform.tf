resource "aws_lambda_function" "charge" {
  function_name = "charge"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/charge"
}

# fix:start
resource "aws_sfn_state_machine" "checkout" {
  # ...
  definition = jsonencode({
    StartAt = "ChargeCard"
    States = {
      ChargeCard = {
        Type       = "Task"
        Resource   = "arn:aws:states:::lambda:invoke"
        Parameters = { FunctionName = aws_lambda_function.charge.arn, "Payload.$" = "$" }
        # the retrier the Step Functions console generates for Lambda tasks
        Retry = [{
          ErrorEquals = ["Lambda.ServiceException", "Lambda.AWSLambdaException",
          "Lambda.SdkClientException", "Lambda.TooManyRequestsException"]
          IntervalSeconds = 1
          MaxAttempts     = 3
          BackoffRate     = 2
        }]
        End = true
      }
    }
  })
}
# fix:end
