# fix:start
# the latest runtime of the language, before the old one is deprecated
resource "aws_lambda_function" "orders" {
  # ...
  runtime = "nodejs24.x"
}
# fix:end
