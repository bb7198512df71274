# fix:start
resource "aws_cognito_user_pool" "users" {
  # ...
  password_policy {
    minimum_length                   = 12
    require_uppercase                = true
    require_lowercase                = true
    require_numbers                  = true
    require_symbols                  = true
    temporary_password_validity_days = 3
  }
}
# fix:end
