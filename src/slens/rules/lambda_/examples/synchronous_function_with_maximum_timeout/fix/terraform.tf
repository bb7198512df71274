# fix:start
# the caller waits: a timeout a little above the function's slowest normal run (an API
# Gateway integration gives up after 29 seconds); long work goes to an asynchronous job
resource "aws_lambda_function" "export" {
  # ...
  timeout = 30
}
# fix:end
