# fix:start
# a request handler: start small and tune with AWS Lambda Power Tuning
resource "aws_lambda_function" "get_order" {
  # ...
  memory_size = 1024
}
# fix:end
