resource "aws_sns_topic" "orders" {
  name = "orders"
}

# fix:start
# a function URL: callers sign their requests (IAM), or put an API with an authorizer in front
resource "aws_lambda_function_url" "worker" {
  # ...
  authorization_type = "AWS_IAM"
}

# a permission: the one service, from the one resource, that invokes the function
resource "aws_lambda_permission" "topic" {
  # ...
  action     = "lambda:InvokeFunction"
  principal  = "sns.amazonaws.com"
  source_arn = aws_sns_topic.orders.arn
}
# fix:end
