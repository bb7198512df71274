resource "aws_iam_role" "orders" {
  name = "orders"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_lambda_function" "orders" {
  function_name = "orders"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = aws_iam_role.orders.arn
}

resource "aws_cloudwatch_event_bus" "orders" {
  name = "orders"
}

# fix:start
# the function emits one event; each consumer writes to its own store, with its own role
# (or split the function by responsibility, each with its own role)
resource "aws_iam_role_policy" "orders" {
  # ...
  role = aws_iam_role.orders.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "events:PutEvents"
      Resource = aws_cloudwatch_event_bus.orders.arn
    }]
  })
}
# fix:end
