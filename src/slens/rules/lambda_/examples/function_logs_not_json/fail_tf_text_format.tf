# payments logs JSON: the functions that do not are the gap
resource "aws_lambda_function" "payments" {
  function_name = "payments"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/payments"
  logging_config {
    log_format = "JSON"
  }
}

# expect: LAM102
resource "aws_lambda_function" "default_text" {
  function_name = "default-text"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/default-text"
}

resource "aws_lambda_function" "text" {
  function_name = "text"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/text"
  logging_config {
    log_format = "Text" # expect: LAM102
  }
}
