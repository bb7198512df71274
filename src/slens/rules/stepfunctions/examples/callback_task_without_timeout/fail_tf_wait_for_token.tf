resource "aws_sqs_queue" "approvals" {
  name = "approvals"
}

resource "aws_sfn_state_machine" "approval" {
  name     = "approval"
  role_arn = "arn:aws:iam::123456789012:role/approval"
  definition = jsonencode({ # expect: SFN303
    StartAt = "AskApproval"
    States = {
      AskApproval = {
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
