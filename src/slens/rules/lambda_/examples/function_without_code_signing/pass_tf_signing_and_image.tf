resource "aws_signer_signing_profile" "lambda" {
  platform_id = "AWSLambda-SHA384-ECDSA"
}

resource "aws_lambda_code_signing_config" "strict" {
  description = "only packages signed by our profile"
  allowed_publishers {
    signing_profile_version_arns = [aws_signer_signing_profile.lambda.version_arn]
  }
  policies {
    untrusted_artifact_on_deployment = "Enforce"
  }
}

resource "aws_lambda_function" "orders" {
  function_name           = "orders"
  runtime                 = "python3.13"
  handler                 = "app.handler"
  role                    = "arn:aws:iam::123456789012:role/orders"
  s3_bucket               = "artifacts-bucket"
  s3_key                  = "orders/1.0.0.zip"
  code_signing_config_arn = aws_lambda_code_signing_config.strict.arn
}

# container images cannot use code signing
resource "aws_lambda_function" "image" {
  function_name = "image"
  package_type  = "Image"
  image_uri     = "123456789012.dkr.ecr.us-east-1.amazonaws.com/orders:1"
  role          = "arn:aws:iam::123456789012:role/image"
}
