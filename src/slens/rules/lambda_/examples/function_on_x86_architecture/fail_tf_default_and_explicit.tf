# expect: LAM401
resource "aws_lambda_function" "default" {
  function_name = "default"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/default"
}

resource "aws_lambda_function" "explicit" {
  function_name = "explicit"
  runtime       = "nodejs22.x"
  handler       = "index.handler"
  role          = "arn:aws:iam::123456789012:role/explicit"
  architectures = ["x86_64"] # expect: LAM401
}
