# A function built with a registry module: slens reviews the module once `terraform init` has
# downloaded it (see ../tf-installed); until then it says so, and reviews the rest.
module "lambda" {
  source  = "terraform-aws-modules/lambda/aws"
  version = "~> 7.0"

  function_name = "orders"
  handler       = "app.handler"
  runtime       = "python3.12"
  timeout       = 20
}

resource "aws_sns_topic" "orders" {
  name_prefix       = "orders-"
  kms_master_key_id = "alias/aws/sns"
}
