# fix:start
# below the integration's timeout (29 s for a REST API by default, an HTTP API's
# timeout_milliseconds, up to 30 s), with room for the integration's overhead; move longer
# work behind a queue or a state machine
resource "aws_lambda_function" "report" {
  # ...
  timeout = 25
}

# an HTTP API's integration: no lower timeout than the function needs
resource "aws_apigatewayv2_integration" "report" {
  # ...
  integration_uri      = aws_lambda_function.report.invoke_arn
  timeout_milliseconds = 30000
}
# fix:end
