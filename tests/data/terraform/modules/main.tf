locals {
  name = "orders"
}

module "queue" {
  source     = "./modules/queue"
  name       = local.name
  timeout    = 30
}

module "remote" {
  source  = "terraform-aws-modules/lambda/aws"
  version = "7.0.0"
}

resource "aws_lambda_function" "consumer" {
  function_name = "consumer"
  runtime       = "python3.13"
  handler       = "app.handler"
  timeout       = 30
  environment {
    variables = {
      REMOTE = module.remote.lambda_function_arn
    }
  }
}

resource "aws_lambda_event_source_mapping" "queue" {
  event_source_arn = module.queue.arn
  function_name    = aws_lambda_function.consumer.arn
}
