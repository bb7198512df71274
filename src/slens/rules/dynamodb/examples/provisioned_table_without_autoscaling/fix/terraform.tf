# fix:start
# on-demand for spiky or unknown traffic (and remove read_capacity and write_capacity); for
# steady traffic, keep PROVISIONED and register aws_appautoscaling_target and target-tracking
# aws_appautoscaling_policy resources (about 70% utilization) for reads and writes
resource "aws_dynamodb_table" "orders" {
  # ...
  billing_mode = "PAY_PER_REQUEST"
}
# fix:end
