resource "aws_api_gateway_rest_api" "files" {
  name = "files"
}

resource "aws_api_gateway_method" "put" {
  rest_api_id   = aws_api_gateway_rest_api.files.id
  resource_id   = aws_api_gateway_rest_api.files.root_resource_id
  http_method   = "PUT"
  authorization = "AWS_IAM"
}

# fix:start
# the writes go to a function of their own, with a role that writes; the reader's role only reads
resource "aws_lambda_function" "files_write" {
  function_name = "files-write"
  runtime       = "python3.13"
  handler       = "write.handler"
  role          = "arn:aws:iam::123456789012:role/files-write"
}

resource "aws_api_gateway_integration" "put" {
  rest_api_id             = aws_api_gateway_rest_api.files.id
  resource_id             = aws_api_gateway_rest_api.files.root_resource_id
  http_method             = aws_api_gateway_method.put.http_method
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = aws_lambda_function.files_write.invoke_arn
}
# fix:end
