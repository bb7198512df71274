# The same configuration after `terraform init`: the module is read from .terraform/modules.
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
