# fix:start
# the sites that call the API, not "*"
resource "aws_apigatewayv2_api" "http" {
  # ...
  cors_configuration {
    allow_origins = ["https://app.example.com"]
    allow_methods = ["GET", "POST"]
    allow_headers = ["authorization", "content-type"]
  }
}

resource "aws_lambda_function_url" "reports" {
  # ...
  cors {
    allow_origins = ["https://app.example.com"]
  }
}
# fix:end
