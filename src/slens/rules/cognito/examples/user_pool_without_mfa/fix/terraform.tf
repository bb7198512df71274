# fix:start
# every user signs in with a second factor (an authenticator app's code)
resource "aws_cognito_user_pool" "users" {
  # ...
  mfa_configuration = "ON"
  software_token_mfa_configuration {
    enabled = true
  }
}
# fix:end
