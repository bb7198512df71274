# fix:start
# a regional web ACL with AWS's common rule set, associated with the REST API's stage
# (or the AppSync API)
resource "aws_wafv2_web_acl" "api" {
  name  = "api"
  scope = "REGIONAL"
  default_action {
    allow {}
  }
  rule {
    name     = "common"
    priority = 0
    override_action {
      none {}
    }
    statement {
      managed_rule_group_statement {
        vendor_name = "AWS"
        name        = "AWSManagedRulesCommonRuleSet"
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "common"
      sampled_requests_enabled   = true
    }
  }
  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "api"
    sampled_requests_enabled   = true
  }
}

resource "aws_api_gateway_stage" "prod" {
  # ...
}

resource "aws_wafv2_web_acl_association" "prod" {
  resource_arn = aws_api_gateway_stage.prod.arn
  web_acl_arn  = aws_wafv2_web_acl.api.arn
}

resource "aws_appsync_graphql_api" "graph" {
  # ...
}

resource "aws_wafv2_web_acl_association" "graph" {
  resource_arn = aws_appsync_graphql_api.graph.arn
  web_acl_arn  = aws_wafv2_web_acl.api.arn
}
# fix:end
