resource "aws_sqs_queue" "approvals" {
  name = "approvals"
}

resource "aws_sfn_state_machine" "approval" {
  name     = "approval"
  role_arn = "arn:aws:iam::123456789012:role/approval"
  definition = jsonencode({
    StartAt = "AskApproval"
    States = {
      AskApproval = {
        Type             = "Task"
        Resource         = "arn:aws:states:::sqs:sendMessage.waitForTaskToken"
        TimeoutSeconds   = 86400
        HeartbeatSeconds = 3600
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
