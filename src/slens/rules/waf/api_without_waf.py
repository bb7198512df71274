from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource, as_list, as_str, refs_in

_ASSOCIATIONS = ("AWS::WAFv2::WebACLAssociation", "AWS::WAFRegional::WebACLAssociation")


class ApiWithoutWaf(Rule):
    """Public REST API stage or AppSync API without a WAF web ACL

    ## What it does
    Flags REST API stages (`AWS::ApiGateway::Stage` of an API that is not `PRIVATE`) and
    AppSync GraphQL APIs that no `AWS::WAFv2::WebACLAssociation` of the template protects.
    When the template has an association whose target cannot be known (an imported or
    parameter ARN) nothing is flagged. HTTP APIs cannot be associated with WAF and are not
    judged.

    ## Why it matters
    The Serverless Lens asks you to *use appropriate endpoint type and mechanisms to secure
    access to your API* (SEC 1). A web ACL in front of a public endpoint blocks known bad
    inputs, abusive IPs and floods (rate-based rules) before they reach your authorizer and
    functions, where each blocked request would otherwise cost an invocation.

    ## How to fix
    Add an `AWS::WAFv2::WebACL` (scope `REGIONAL`, AWS managed rule groups such as
    `AWSManagedRulesCommonRuleSet` plus a rate-based rule) and an
    `AWS::WAFv2::WebACLAssociation` whose `ResourceArn` is the stage ARN
    (`arn:${AWS::Partition}:apigateway:${AWS::Region}::/restapis/${Api}/stages/prod`) or the
    GraphQL API's ARN.

    ## When to ignore
    APIs protected by a web ACL managed elsewhere (AWS Firewall Manager, another stack) or
    behind a CloudFront distribution with its own web ACL can ignore this rule with a reason.
    """

    id = "WAF201"
    name = "api-without-waf"
    severity = Severity.INFO
    opt_in = True
    practice = Practices.SEC1_ENDPOINT
    services = (Service.WAF, Service.APIGATEWAY, Service.APPSYNC)
    resource_types = ("AWS::ApiGateway::Stage", "AWS::AppSync::GraphQLApi")
    equivalents = ("cdk-nag:AwsSolutions-APIG3", "checkov:CKV2_AWS_29", "checkov:CKV2_AWS_33",
                   "kics:API Gateway without WAF")
    fix = {
        "SAM": "ApiWebAcl:\n  Type: AWS::WAFv2::WebACLAssociation\n  Properties:\n"
               "    ResourceArn: !Sub arn:${AWS::Partition}:apigateway:${AWS::Region}::/restapis/${MyApi}/stages/prod\n"
               "    WebACLArn: !GetAtt WebAcl.Arn\n",
        "CloudFormation": "ApiWebAcl:\n  Type: AWS::WAFv2::WebACLAssociation\n  Properties:\n"
                          "    ResourceArn: !Sub arn:${AWS::Partition}:apigateway:${AWS::Region}::/restapis/"
                          "${MyApi}/stages/${MyStage}\n    WebACLArn: !GetAtt WebAcl.Arn\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        targets = {resource.logical_id}
        label = f"AppSync API {resource.logical_id}"
        if resource.type == "AWS::ApiGateway::Stage":
            api = graph.resolve(resource.prop("RestApiId"))
            if api is None:
                return
            if any(as_str(t) == "PRIVATE" for t in as_list(api.prop("EndpointConfiguration", "Types"))):
                return
            targets.add(api.logical_id)
            label = f"stage {resource.str_prop('StageName') or resource.logical_id} of REST API {api.logical_id}"
        for association in graph.of_type(*_ASSOCIATIONS):
            arn = association.prop("ResourceArn")
            refs = {ref.target for ref in refs_in(arn)}
            if refs & targets or (as_str(arn) is None and not refs):
                return
        yield self.violation(resource, f"{label} has no WAF web ACL associated")
