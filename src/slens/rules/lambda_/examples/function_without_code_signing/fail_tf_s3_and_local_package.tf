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

# the team signs its code (payments): the functions left out are the gap
resource "aws_lambda_function" "payments" {
  function_name           = "payments"
  runtime                 = "python3.13"
  handler                 = "app.handler"
  role                    = "arn:aws:iam::123456789012:role/payments"
  s3_bucket               = "artifacts-bucket"
  s3_key                  = "payments/1.0.0.zip"
  code_signing_config_arn = aws_lambda_code_signing_config.strict.arn
}

# expect: LAM104
resource "aws_lambda_function" "s3_package" {
  function_name = "orders"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/orders"
  s3_bucket     = "artifacts-bucket"
  s3_key        = "orders/1.0.0.zip"
}

# a local package Terraform uploads is a package too
# expect: LAM104
resource "aws_lambda_function" "local_package" {
  function_name = "reports"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/reports"
  filename      = "build/reports.zip"
}
