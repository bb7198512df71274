resource "aws_sns_topic" "events" {
  name = "events"
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

resource "aws_iam_role" "publish" {
  name                = "publish"
  assume_role_policy  = data.aws_iam_policy_document.assume.json
  managed_policy_arns = ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]
  inline_policy {
    name = "publish"
    policy = jsonencode({
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = "sns:Publish", Resource = aws_sns_topic.events.arn }]
    })
  }
}

# expect: LAM405
resource "aws_lambda_function" "publish" {
  function_name = "publish"
  runtime       = "nodejs22.x"
  handler       = "index.handler"
  role          = aws_iam_role.publish.arn
  environment {
    variables = {
      TOPIC_ARN = aws_sns_topic.events.arn
    }
  }
}

resource "aws_api_gateway_rest_api" "events" {
  name = "events"
}

resource "aws_lambda_permission" "api" {
  function_name = aws_lambda_function.publish.function_name
  action        = "lambda:InvokeFunction"
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_api_gateway_rest_api.events.execution_arn}/*/POST/events"
}
