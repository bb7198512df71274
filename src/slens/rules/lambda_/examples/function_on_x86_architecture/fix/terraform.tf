# fix:start
resource "aws_lambda_function" "example" {
  # ...
  architectures = ["arm64"] # rebuild native dependencies for arm64, then measure
}
# fix:end
