resource "aws_api_gateway_rest_api" "orders" {
  name = "orders"
}

resource "aws_lambda_function" "auth" {
  function_name = "auth"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/auth"
}

# no TTL: REST authorizers cache for 300 s
resource "aws_api_gateway_authorizer" "token" {
  rest_api_id     = aws_api_gateway_rest_api.orders.id
  name            = "token"
  type            = "TOKEN"
  identity_source = "method.request.header.Authorization"
  authorizer_uri  = aws_lambda_function.auth.invoke_arn
}

resource "aws_api_gateway_authorizer" "request" {
  rest_api_id                      = aws_api_gateway_rest_api.orders.id
  name                             = "request"
  type                             = "REQUEST"
  identity_source                  = "method.request.header.Authorization"
  authorizer_uri                   = aws_lambda_function.auth.invoke_arn
  authorizer_result_ttl_in_seconds = 300
}

# a Cognito authorizer has no Lambda to cache
resource "aws_api_gateway_authorizer" "users" {
  rest_api_id                      = aws_api_gateway_rest_api.orders.id
  name                             = "users"
  type                             = "COGNITO_USER_POOLS"
  provider_arns                    = ["arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_example"]
  authorizer_result_ttl_in_seconds = 0
}

resource "aws_appsync_graphql_api" "graph" {
  name                = "orders"
  authentication_type = "AWS_LAMBDA"
  lambda_authorizer_config {
    authorizer_uri                   = aws_lambda_function.auth.arn
    authorizer_result_ttl_in_seconds = 300
  }
}
