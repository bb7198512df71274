# expect: COG202
resource "aws_cognito_user_pool" "customers" {
  name = "customers"
}

resource "aws_cognito_user_pool" "staff" {
  name              = "staff"
  mfa_configuration = "OFF" # expect: COG202
}
