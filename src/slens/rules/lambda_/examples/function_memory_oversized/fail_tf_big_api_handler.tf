resource "aws_lambda_function" "get_order" {
  function_name = "get-order"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/get-order"
  memory_size   = 4096 # expect: LAM403
  timeout       = 10
}

# the default timeout (3 s)
resource "aws_lambda_function" "ping" {
  function_name = "ping"
  runtime       = "nodejs22.x"
  handler       = "index.handler"
  role          = "arn:aws:iam::123456789012:role/ping"
  memory_size   = 3008 # expect: LAM403
}
