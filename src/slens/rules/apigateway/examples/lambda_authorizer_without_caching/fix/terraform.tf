resource "aws_lambda_function" "auth" {
  function_name = "auth"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/auth"
}

# fix:start
# the API reuses an identity's result for 5 minutes instead of invoking the function per request
# a REST API's authorizer
resource "aws_api_gateway_authorizer" "token" {
  # ...
  authorizer_uri                   = aws_lambda_function.auth.invoke_arn
  authorizer_result_ttl_in_seconds = 300
}

# an HTTP API's authorizer
resource "aws_apigatewayv2_authorizer" "request" {
  # ...
  authorizer_uri                   = aws_lambda_function.auth.invoke_arn
  authorizer_result_ttl_in_seconds = 300
}

# an AppSync API's Lambda authorizer
resource "aws_appsync_graphql_api" "graph" {
  # ...
  lambda_authorizer_config {
    authorizer_uri                   = aws_lambda_function.auth.arn
    authorizer_result_ttl_in_seconds = 300
  }
}
# fix:end
