resource "aws_api_gateway_rest_api" "orders" {
  name = "orders"
}

resource "aws_api_gateway_deployment" "orders" {
  rest_api_id = aws_api_gateway_rest_api.orders.id
}

# expect: WAF201
resource "aws_api_gateway_stage" "prod" {
  rest_api_id   = aws_api_gateway_rest_api.orders.id
  deployment_id = aws_api_gateway_deployment.orders.id
  stage_name    = "prod"
}

# expect: WAF201
resource "aws_appsync_graphql_api" "graph" {
  name                = "orders"
  authentication_type = "AWS_IAM"
}

resource "aws_appsync_graphql_api" "other" {
  name                = "other"
  authentication_type = "AWS_IAM"
}

resource "aws_wafv2_web_acl" "acl" {
  name  = "acl"
  scope = "REGIONAL"
  default_action {
    allow {}
  }
  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "acl"
    sampled_requests_enabled   = true
  }
}

# the ACL protects another API
resource "aws_wafv2_web_acl_association" "other" {
  resource_arn = aws_appsync_graphql_api.other.arn
  web_acl_arn  = aws_wafv2_web_acl.acl.arn
}
