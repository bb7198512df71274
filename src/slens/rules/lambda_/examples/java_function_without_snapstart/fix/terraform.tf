# fix:start
# make initialization snapshot-safe: re-create unique ids, connections and random seeds after restore
resource "aws_lambda_function" "orders" {
  # ...
  publish = true # SnapStart applies to published versions
  snap_start {
    apply_on = "PublishedVersions"
  }
}

# callers invoke the published version, through an alias
resource "aws_lambda_alias" "live" {
  name             = "live"
  function_name    = aws_lambda_function.orders.function_name
  function_version = aws_lambda_function.orders.version
}
# fix:end
