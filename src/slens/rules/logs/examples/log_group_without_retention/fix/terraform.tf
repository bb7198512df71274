# fix:start
# one setting for every log group of the configuration; export to S3 what must be kept longer
variable "log_retention_in_days" {
  type    = number
  default = 30
}

resource "aws_cloudwatch_log_group" "example" {
  # ...
  retention_in_days = var.log_retention_in_days
}
# fix:end
