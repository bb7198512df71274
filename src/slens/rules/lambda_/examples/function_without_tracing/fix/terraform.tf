# fix:start
resource "aws_lambda_function" "example" {
  # ...
  tracing_config {
    mode = "Active"
  }
}
# fix:end
