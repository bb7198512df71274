resource "aws_api_gateway_rest_api" "orders" {
  name = "orders"
}

# fix:start
resource "aws_api_gateway_request_validator" "body" {
  name                        = "body"
  rest_api_id                 = aws_api_gateway_rest_api.orders.id
  validate_request_body       = true
  validate_request_parameters = true
}

resource "aws_api_gateway_model" "order" {
  rest_api_id  = aws_api_gateway_rest_api.orders.id
  name         = "Order"
  content_type = "application/json"
  schema = jsonencode({
    type       = "object"
    required   = ["item"]
    properties = { item = { type = "string" } }
  })
}

# each method that takes a body
resource "aws_api_gateway_method" "create_order" {
  # ...
  request_validator_id = aws_api_gateway_request_validator.body.id
  request_models       = { "application/json" = aws_api_gateway_model.order.name }
}
# fix:end
