resource "aws_iam_role" "workflow" {
  name = "workflow"
  assume_role_policy = jsonencode({ # expect: IAM207
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_sfn_state_machine" "orders" {
  name     = "orders"
  role_arn = aws_iam_role.workflow.arn
  definition = jsonencode({
    StartAt = "Done"
    States  = { Done = { Type = "Succeed" } }
  })
}

resource "aws_iam_role" "events" {
  name = "events"
  assume_role_policy = jsonencode({ # expect: IAM207
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "states.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_cloudwatch_event_rule" "orders" {
  name          = "orders"
  event_pattern = jsonencode({ source = ["orders"] })
}

resource "aws_cloudwatch_event_target" "workflow" {
  rule     = aws_cloudwatch_event_rule.orders.name
  arn      = aws_sfn_state_machine.orders.arn
  role_arn = aws_iam_role.events.arn
}

resource "aws_iam_role" "api" {
  name = "api"
  assume_role_policy = jsonencode({ # expect: IAM207
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_api_gateway_rest_api" "orders" {
  name = "orders"
}

resource "aws_api_gateway_method" "start" {
  rest_api_id   = aws_api_gateway_rest_api.orders.id
  resource_id   = aws_api_gateway_rest_api.orders.root_resource_id
  http_method   = "POST"
  authorization = "AWS_IAM"
}

resource "aws_api_gateway_integration" "start" {
  rest_api_id             = aws_api_gateway_rest_api.orders.id
  resource_id             = aws_api_gateway_rest_api.orders.root_resource_id
  http_method             = aws_api_gateway_method.start.http_method
  type                    = "AWS"
  integration_http_method = "POST"
  uri                     = "arn:aws:apigateway:eu-west-1:states:action/StartExecution"
  credentials             = aws_iam_role.api.arn
}

resource "aws_iam_role" "resolver" {
  name = "resolver"
  assume_role_policy = jsonencode({ # expect: IAM207
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "apigateway.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_appsync_graphql_api" "orders" {
  name                = "orders"
  authentication_type = "AWS_IAM"
}

resource "aws_appsync_datasource" "table" {
  api_id           = aws_appsync_graphql_api.orders.id
  name             = "table"
  type             = "AMAZON_DYNAMODB"
  service_role_arn = aws_iam_role.resolver.arn
}
