variable "architecture" {
  type = string
}

resource "aws_lambda_function" "arm" {
  function_name = "arm"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/arm"
  architectures = ["arm64"]
}

resource "aws_lambda_function" "stage" {
  function_name = "stage"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/stage"
  architectures = [var.architecture]
}

# an image function names no runtime
resource "aws_lambda_function" "image" {
  function_name = "image"
  package_type  = "Image"
  image_uri     = "123456789012.dkr.ecr.us-east-1.amazonaws.com/image:latest"
  role          = "arn:aws:iam::123456789012:role/image"
}
