# fix:start
# the secret lives in Secrets Manager (set its value out of band, not in the configuration);
# the function gets its ARN and reads it at run time (the role: secretsmanager:GetSecretValue)
resource "aws_secretsmanager_secret" "nutrition_api_key" {
  name_prefix = "nutrition-api-key-"
}

resource "aws_lambda_function" "nutrition" {
  # ...
  environment {
    variables = {
      NUTRITION_API_URL            = "https://api.nutrition.example.com/v2"
      NUTRITION_API_KEY_SECRET_ARN = aws_secretsmanager_secret.nutrition_api_key.arn
    }
  }
}
# fix:end
