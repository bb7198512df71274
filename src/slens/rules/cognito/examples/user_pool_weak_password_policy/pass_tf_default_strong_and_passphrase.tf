variable "min_length" {
  type = number
}

# no password_policy: Cognito's default needs 8 characters and every class
resource "aws_cognito_user_pool" "default" {
  name = "default"
}

resource "aws_cognito_user_pool" "strong" {
  name = "strong"
  password_policy {
    minimum_length    = 12
    require_uppercase = true
    require_lowercase = true
    require_numbers   = true
    require_symbols   = true
  }
}

resource "aws_cognito_user_pool" "passphrase" {
  name = "passphrase"
  password_policy {
    minimum_length = 16
  }
}

resource "aws_cognito_user_pool" "stage" {
  name = "stage"
  password_policy {
    minimum_length = var.min_length
  }
}
