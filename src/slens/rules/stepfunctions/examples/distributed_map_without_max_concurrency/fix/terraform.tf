# fix:start
# at most 100 child workflows at once (the default: up to 10,000), what the downstream can take
resource "aws_sfn_state_machine" "items" {
  # ...
  definition = jsonencode({
    StartAt = "ProcessItems"
    States = {
      ProcessItems = {
        Type           = "Map"
        MaxConcurrency = 100
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
# fix:end
