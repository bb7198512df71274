# expect: LAM002
resource "aws_lambda_function" "worker" {
  function_name = "worker"
  runtime       = "java17"
  handler       = "app.handler"
  timeout       = 300
}

# expect: LAM002
resource "aws_lambda_function" "billing" {
  function_name = "billing"
  runtime       = "dotnet8"
  handler       = "Billing::Billing.Function::Handler"
  timeout       = 10
}
