variable "log_format" {
  type = string
}

resource "aws_lambda_function" "json" {
  function_name = "json"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/json"
  logging_config {
    log_format            = "JSON"
    application_log_level = "INFO"
  }
}

# Powertools' logger writes JSON itself
resource "aws_lambda_function" "powertools" {
  function_name = "powertools"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/powertools"
  layers        = ["arn:aws:lambda:us-east-1:017000801446:layer:AWSLambdaPowertoolsPythonV3-python313-x86_64:7"]
}

resource "aws_lambda_function" "service" {
  function_name = "service"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/service"
  environment {
    variables = {
      POWERTOOLS_SERVICE_NAME = "orders"
    }
  }
}

resource "aws_lambda_function" "stage" {
  function_name = "stage"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/stage"
  logging_config {
    log_format = var.log_format
  }
}
