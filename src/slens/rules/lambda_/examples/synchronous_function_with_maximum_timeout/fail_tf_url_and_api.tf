resource "aws_lambda_function" "export" {
  function_name = "export"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/export"
  timeout       = 900 # expect: LAM407
}

resource "aws_lambda_function_url" "export" {
  function_name      = aws_lambda_function.export.function_name
  authorization_type = "AWS_IAM"
}

resource "aws_apigatewayv2_api" "reports" {
  name          = "reports"
  protocol_type = "HTTP"
  target        = aws_lambda_function.report.arn
}

resource "aws_lambda_function" "report" {
  function_name = "report"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/report"
  timeout       = 900 # expect: LAM407
}
