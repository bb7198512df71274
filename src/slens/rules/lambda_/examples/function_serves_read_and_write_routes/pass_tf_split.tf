resource "aws_s3_bucket" "files" {
  bucket_prefix = "files-"
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "read" {
  name               = "read-files"
  assume_role_policy = data.aws_iam_policy_document.assume.json
  inline_policy {
    name = "read"
    policy = jsonencode({
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "${aws_s3_bucket.files.arn}/*" }]
    })
  }
}

resource "aws_iam_role" "write" {
  name               = "write-files"
  assume_role_policy = data.aws_iam_policy_document.assume.json
  inline_policy {
    name = "write"
    policy = jsonencode({
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = "s3:PutObject", Resource = "${aws_s3_bucket.files.arn}/*" }]
    })
  }
}

resource "aws_lambda_function" "read" {
  function_name = "read-files"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = aws_iam_role.read.arn
}

resource "aws_lambda_function" "write" {
  function_name = "write-files"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = aws_iam_role.write.arn
}

resource "aws_api_gateway_rest_api" "files" {
  name = "files"
}

resource "aws_api_gateway_method" "get" {
  rest_api_id   = aws_api_gateway_rest_api.files.id
  resource_id   = aws_api_gateway_rest_api.files.root_resource_id
  http_method   = "GET"
  authorization = "AWS_IAM"
}

resource "aws_api_gateway_integration" "get" {
  rest_api_id             = aws_api_gateway_rest_api.files.id
  resource_id             = aws_api_gateway_rest_api.files.root_resource_id
  http_method             = aws_api_gateway_method.get.http_method
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = aws_lambda_function.read.invoke_arn
}

resource "aws_api_gateway_method" "put" {
  rest_api_id   = aws_api_gateway_rest_api.files.id
  resource_id   = aws_api_gateway_rest_api.files.root_resource_id
  http_method   = "PUT"
  authorization = "AWS_IAM"
}

resource "aws_api_gateway_integration" "put" {
  rest_api_id             = aws_api_gateway_rest_api.files.id
  resource_id             = aws_api_gateway_rest_api.files.root_resource_id
  http_method             = aws_api_gateway_method.put.http_method
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = aws_lambda_function.write.invoke_arn
}
