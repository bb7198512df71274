resource "aws_cognito_user_pool" "users" {
  name = "users"
}

# fix:start
# callers sign in (Cognito) or sign requests (IAM); an API key at most beside them
resource "aws_appsync_graphql_api" "catalog" {
  # ...
  authentication_type = "AMAZON_COGNITO_USER_POOLS"
  user_pool_config {
    user_pool_id   = aws_cognito_user_pool.users.id
    default_action = "ALLOW"
  }
  additional_authentication_provider {
    authentication_type = "AWS_IAM"
  }
}
# fix:end
