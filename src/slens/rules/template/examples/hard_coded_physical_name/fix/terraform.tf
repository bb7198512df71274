# fix:start
# a name built from a variable can be set per stage (or leave the name out and let Terraform
# generate one: bucket_prefix, name_prefix)
variable "stage" {
  type = string
}

resource "aws_lambda_function" "orders" {
  # ...
  function_name = "${var.stage}-orders"
}

resource "aws_sqs_queue" "jobs" {
  # ...
  name = "${var.stage}-jobs"
}

resource "aws_s3_bucket" "uploads" {
  # ...
  bucket = "${var.stage}-acme-uploads"
}
# fix:end
