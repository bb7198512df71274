# fix:start
# the function returns {"batchItemFailures": [{"itemIdentifier": <messageId>}]}
# (AWS Lambda Powertools' batch utility does this)
resource "aws_lambda_event_source_mapping" "jobs" {
  # ...
  function_response_types = ["ReportBatchItemFailures"]
}
# fix:end
