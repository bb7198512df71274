# fix:start
# at what the backend sustains (or a queue in front of the function, with
# scaling_config { maximum_concurrency } on its event source mapping; or an on-demand table)
resource "aws_lambda_function" "save_order" {
  # ...
  reserved_concurrent_executions = 10
}
# fix:end
