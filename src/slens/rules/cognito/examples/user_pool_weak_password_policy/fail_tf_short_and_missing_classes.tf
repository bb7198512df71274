resource "aws_cognito_user_pool" "short" {
  name = "short"
  password_policy {
    minimum_length    = 6 # expect: COG201
    require_uppercase = true
    require_lowercase = true
    require_numbers   = true
    require_symbols   = true
  }
}

resource "aws_cognito_user_pool" "letters_only" {
  name = "letters-only"
  # expect: COG201
  password_policy {
    minimum_length    = 10
    require_uppercase = true
    require_lowercase = true
  }
}
