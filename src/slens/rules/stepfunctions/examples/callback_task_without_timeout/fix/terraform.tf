resource "aws_sqs_queue" "approvals" {
  name = "approvals"
}

# fix:start
# a token that is never sent back fails the task after a day (and after 1 hour without a heartbeat)
resource "aws_sfn_state_machine" "approval" {
  # ...
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
# fix:end
