from aws_cdk import Stack
from aws_cdk import aws_apigateway as apigateway
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_wafv2 as wafv2
from constructs import Construct


def api(scope: Construct) -> apigateway.LambdaRestApi:
    handler = lambda_.Function(scope, "Handler", runtime=lambda_.Runtime.PYTHON_3_13, handler="app.handler",
                               code=lambda_.Code.from_asset("src"))
    return apigateway.LambdaRestApi(scope, "Api", handler=handler)


def visibility(name: str) -> wafv2.CfnWebACL.VisibilityConfigProperty:
    return wafv2.CfnWebACL.VisibilityConfigProperty(cloud_watch_metrics_enabled=True, metric_name=name,
                                                     sampled_requests_enabled=True)


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        rest_api = api(self)
        # fix:start
        web_acl = wafv2.CfnWebACL(
            self, "ApiWebAcl",
            scope="REGIONAL",
            default_action=wafv2.CfnWebACL.DefaultActionProperty(allow={}),
            visibility_config=visibility("api-web-acl"),
            rules=[wafv2.CfnWebACL.RuleProperty(
                name="common-rule-set",
                priority=0,
                statement=wafv2.CfnWebACL.StatementProperty(
                    managed_rule_group_statement=wafv2.CfnWebACL.ManagedRuleGroupStatementProperty(
                        vendor_name="AWS", name="AWSManagedRulesCommonRuleSet"),
                ),
                override_action=wafv2.CfnWebACL.OverrideActionProperty(none={}),
                visibility_config=visibility("common-rule-set"),
            )],
        )
        wafv2.CfnWebACLAssociation(self, "ApiWebAclAssociation",
                                   resource_arn=rest_api.deployment_stage.stage_arn, web_acl_arn=web_acl.attr_arn)
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        api(self)
