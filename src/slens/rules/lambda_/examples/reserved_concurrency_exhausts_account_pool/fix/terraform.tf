# fix:start
# reserve what the function needs at peak: the other functions share what is left of the
# account's pool (raise the account quota if the total is really needed)
resource "aws_lambda_function" "greedy" {
  # ...
  reserved_concurrent_executions = 100
}
# fix:end
