resource "aws_sqs_queue" "approvals" {
  name = "approvals"
}

resource "aws_sfn_state_machine" "approval" {
  name     = "approval"
  role_arn = "arn:aws:iam::123456789012:role/approval"
  definition = jsonencode({
    StartAt = "AskApproval"
    States = {
      AskApproval = { # expect: SFN303
        Type     = "Task"
        Resource = "arn:aws:states:::sqs:sendMessage.waitForTaskToken"
        Parameters = {
          QueueUrl = aws_sqs_queue.approvals.url
          MessageBody = {
            "token.$" = "$$.Task.Token"
          }
        }
        End = true
      }
    }
  })
}
