variable "stage" {
  type    = string
  default = "dev"
}

variable "table_name" {
  type = string
}

# a name built from a variable can be set per stage
resource "aws_sqs_queue" "jobs" {
  name = "${var.stage}-jobs"
}

resource "aws_dynamodb_table" "orders" {
  name         = var.table_name
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
  attribute {
    name = "id"
    type = "S"
  }
}

# no name: Terraform generates a unique one
resource "aws_s3_bucket" "uploads" {
  bucket_prefix = "uploads-"
}

resource "aws_lambda_function" "handler" {
  function_name = "handler-${var.stage}"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/handler"
}

resource "aws_cloudwatch_log_group" "handler" {
  name              = "/aws/lambda/${aws_lambda_function.handler.function_name}"
  retention_in_days = 14
}
