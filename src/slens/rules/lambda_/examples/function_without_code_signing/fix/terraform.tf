# fix:start
# Lambda refuses a package that the team's signing profile did not sign
resource "aws_signer_signing_profile" "lambda" {
  platform_id = "AWSLambda-SHA384-ECDSA"
}

resource "aws_lambda_code_signing_config" "strict" {
  allowed_publishers {
    signing_profile_version_arns = [aws_signer_signing_profile.lambda.version_arn]
  }
  policies {
    untrusted_artifact_on_deployment = "Enforce"
  }
}

resource "aws_lambda_function" "orders" {
  # ...
  code_signing_config_arn = aws_lambda_code_signing_config.strict.arn
}
# fix:end
