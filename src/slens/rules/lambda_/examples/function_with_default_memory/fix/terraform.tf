# fix:start
resource "aws_lambda_function" "example" {
  # ...
  memory_size = 1024 # MB, chosen by measurement (AWS Lambda Power Tuning)
}
# fix:end
