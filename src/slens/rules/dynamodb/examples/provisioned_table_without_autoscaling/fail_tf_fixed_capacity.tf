# expect: DDB401
resource "aws_dynamodb_table" "orders" {
  name           = "orders"
  billing_mode   = "PROVISIONED"
  read_capacity  = 5
  write_capacity = 5
  hash_key       = "id"
  attribute {
    name = "id"
    type = "S"
  }
}

# Terraform's default billing mode is PROVISIONED too
# expect: DDB401
resource "aws_dynamodb_table" "customers" {
  name           = "customers"
  read_capacity  = 10
  write_capacity = 2
  hash_key       = "id"
  attribute {
    name = "id"
    type = "S"
  }
}
