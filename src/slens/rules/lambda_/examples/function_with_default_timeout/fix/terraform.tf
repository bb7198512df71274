# fix:start
resource "aws_lambda_function" "example" {
  # ...
  timeout = 30 # seconds: the measured duration plus what the slowest dependency may take
}
# fix:end
