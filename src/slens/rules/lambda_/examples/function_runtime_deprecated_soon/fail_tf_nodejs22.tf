# nodejs22.x is deprecated on 2027-04-30. NOTE: this fixture is true only from 2026-11-01
# to 2027-04-29 (180 days before the date); after that it becomes LAM004's. Replace the
# runtime then by one deprecated within 180 days (tests/test_runtimes.py pins the boundaries).
resource "aws_lambda_function" "orders" {
  function_name = "orders"
  runtime       = "nodejs22.x" # expect: LAM005
  handler       = "index.handler"
  role          = "arn:aws:iam::123456789012:role/orders"
}
