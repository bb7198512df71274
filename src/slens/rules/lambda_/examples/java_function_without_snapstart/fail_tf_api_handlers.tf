resource "aws_api_gateway_rest_api" "orders" {
  name = "orders"
}

resource "aws_lambda_function" "orders" {
  function_name = "orders"
  runtime       = "java21"
  handler       = "orders.Handler::handleRequest"
  role          = "arn:aws:iam::123456789012:role/orders"
  memory_size   = 1024
  snap_start {
    apply_on = "None" # expect: LAM402
  }
}

resource "aws_lambda_permission" "orders" {
  function_name = aws_lambda_function.orders.function_name
  action        = "lambda:InvokeFunction"
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_api_gateway_rest_api.orders.execution_arn}/*/GET/orders"
}

# expect: LAM402
resource "aws_lambda_function" "customers" {
  function_name = "customers"
  runtime       = "java17"
  handler       = "customers.Handler::handleRequest"
  role          = "arn:aws:iam::123456789012:role/customers"
  memory_size   = 1024
}

resource "aws_lambda_function_url" "customers" {
  function_name      = aws_lambda_function.customers.function_name
  authorization_type = "AWS_IAM"
}
