# fix:start
# a supported runtime of the same language (nodejs16.x to nodejs24.x, go1.x to provided.al2023)
resource "aws_lambda_function" "example" {
  # ...
  runtime = "python3.13"
}
# fix:end
