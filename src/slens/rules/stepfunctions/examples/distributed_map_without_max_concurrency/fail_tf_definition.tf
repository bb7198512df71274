resource "aws_sfn_state_machine" "items" {
  name     = "items"
  role_arn = "arn:aws:iam::123456789012:role/items"
  definition = jsonencode({
    StartAt = "ProcessItems"
    States = {
      ProcessItems = { # expect: SFN305
        Type = "Map"
        ItemProcessor = {
          ProcessorConfig = {
            Mode          = "DISTRIBUTED"
            ExecutionType = "EXPRESS"
          }
          StartAt = "Work"
          States = {
            Work = {
              Type = "Pass"
              End  = true
            }
          }
        }
        End = true
      }
    }
  })
}
