variable "mfa" {
  type = string
}

resource "aws_cognito_user_pool" "customers" {
  name              = "customers"
  mfa_configuration = "OPTIONAL"
  software_token_mfa_configuration {
    enabled = true
  }
}

resource "aws_cognito_user_pool" "staff" {
  name              = "staff"
  mfa_configuration = "ON"
  software_token_mfa_configuration {
    enabled = true
  }
}

resource "aws_cognito_user_pool" "stage" {
  name              = "stage"
  mfa_configuration = var.mfa
}
