# fix:start
# the deployment names no stage: each stage is an aws_api_gateway_stage of its own
resource "aws_api_gateway_deployment" "orders" {
  rest_api_id = aws_api_gateway_rest_api.orders.id
  triggers = {
    redeployment = sha1(jsonencode(aws_api_gateway_rest_api.orders.body))
  }
  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_api_gateway_stage" "dev" {
  rest_api_id   = aws_api_gateway_rest_api.orders.id
  deployment_id = aws_api_gateway_deployment.orders.id
  stage_name    = "dev"
}
# fix:end

resource "aws_api_gateway_rest_api" "orders" {
  name = "orders"
}
