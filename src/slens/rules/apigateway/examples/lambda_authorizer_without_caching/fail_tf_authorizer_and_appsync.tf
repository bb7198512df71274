resource "aws_api_gateway_rest_api" "orders" {
  name = "orders"
}

resource "aws_lambda_function" "auth" {
  function_name = "auth"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/auth"
}

resource "aws_api_gateway_authorizer" "token" {
  rest_api_id                      = aws_api_gateway_rest_api.orders.id
  name                             = "token"
  type                             = "TOKEN"
  identity_source                  = "method.request.header.Authorization"
  authorizer_uri                   = aws_lambda_function.auth.invoke_arn
  authorizer_result_ttl_in_seconds = 0 # expect: API201
}

resource "aws_apigatewayv2_api" "http" {
  name          = "http"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_authorizer" "request" {
  api_id                            = aws_apigatewayv2_api.http.id
  authorizer_type                   = "REQUEST"
  name                              = "request"
  authorizer_uri                    = aws_lambda_function.auth.invoke_arn
  identity_sources                  = ["$request.header.Authorization"]
  authorizer_payload_format_version = "2.0"
  authorizer_result_ttl_in_seconds  = 0 # expect: API201
}

resource "aws_appsync_graphql_api" "graph" {
  name                = "orders"
  authentication_type = "AWS_LAMBDA"
  # expect: API201
  lambda_authorizer_config {
    authorizer_uri = aws_lambda_function.auth.arn
  }
}
