resource "aws_cognito_user_pool" "users" {
  name = "users"
}

resource "aws_cognito_user_pool_client" "orders" {
  name         = "orders"
  user_pool_id = aws_cognito_user_pool.users.id
}

# fix:start
# a REST API's method: a Cognito (or Lambda) authorizer, or AWS_IAM
resource "aws_api_gateway_authorizer" "users" {
  name          = "users"
  rest_api_id   = aws_api_gateway_method.get_orders.rest_api_id
  type          = "COGNITO_USER_POOLS"
  provider_arns = [aws_cognito_user_pool.users.arn]
}

resource "aws_api_gateway_method" "get_orders" {
  # ...
  authorization = "COGNITO_USER_POOLS"
  authorizer_id = aws_api_gateway_authorizer.users.id
}

# an HTTP API's route: a JWT (or Lambda) authorizer, or AWS_IAM
resource "aws_apigatewayv2_authorizer" "users" {
  name             = "users"
  api_id           = aws_apigatewayv2_route.get_items.api_id
  authorizer_type  = "JWT"
  identity_sources = ["$request.header.Authorization"]
  jwt_configuration {
    audience = [aws_cognito_user_pool_client.orders.id]
    issuer   = "https://${aws_cognito_user_pool.users.endpoint}"
  }
}

resource "aws_apigatewayv2_route" "get_items" {
  # ...
  authorization_type = "JWT"
  authorizer_id      = aws_apigatewayv2_authorizer.users.id
}
# fix:end
