resource "aws_lambda_function" "nutrition" {
  function_name = "nutrition"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/nutrition"
  environment {
    variables = {
      NUTRITION_API_URL = "https://api.nutrition.example.com/v2"
      NUTRITION_API_KEY = "sk_live_51HfakeNutritionKey0000000000000000" # expect: LAM203
      DB_PASSWORD       = "hunter2-but-longer"                          # expect: LAM203
      # a value that looks like a key, whatever its name
      UPSTREAM = "AKIAIOSFODNN7EXAMPLE" # expect: LAM203
    }
  }
}

# a long-term access key handed to the function through its environment
resource "aws_iam_user" "report" {
  name = "report"
}

resource "aws_iam_access_key" "report" {
  user = aws_iam_user.report.name
}

resource "aws_lambda_function" "report" {
  function_name = "report"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/report"
  environment {
    variables = {
      AWS_KEY_ID = aws_iam_access_key.report.id     # expect: LAM203
      AWS_SECRET = aws_iam_access_key.report.secret # expect: LAM203
    }
  }
}
