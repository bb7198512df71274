from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource, as_str, principals

_CONDITIONS = ("SourceArn", "SourceAccount", "PrincipalOrgID")


class FunctionOpenToEveryone(Rule):
    """Lambda function that anyone can invoke

    ## What it does
    Flags `AWS::Lambda::Permission`s for the principal `*` with no `SourceArn`,
    `SourceAccount` or `PrincipalOrgID` condition, and function URLs (`AWS::Lambda::Url`,
    SAM `FunctionUrlConfig`) with `AuthType: NONE`. The public permissions SAM adds for a
    function URL are judged through the URL itself, so one open URL gives one finding.

    ## Why it matters
    The Serverless Lens asks you to *use appropriate endpoint type and mechanisms to secure
    access to your API* (SEC 1). A function open to everyone can be invoked by any AWS
    account, or for a URL without authentication by anyone on the internet: it runs with
    its role's permissions on attacker-chosen input, and every call is billed to you.

    ## How to fix
    Use `AuthType: AWS_IAM` for function URLs (put CloudFront with origin access control in
    front for public traffic), or expose the function through API Gateway with an
    authorizer. Restrict permissions to a named principal, or add `SourceArn`,
    `SourceAccount` or `PrincipalOrgID`.

    ## When to ignore
    Deliberately public endpoints (webhooks that verify a signature in code, public
    read-only data) with throttling (`ReservedConcurrentExecutions`) to cap abuse.
    """

    id = "LAM011"
    name = "function-open-to-everyone"
    severity = Severity.CRITICAL
    practice = Practices.SEC1_ENDPOINT
    services = (Service.LAMBDA,)
    resource_types = ("AWS::Lambda::Permission", "AWS::Lambda::Url")
    equivalents = ("checkov:CKV_AWS_258", "checkov:CKV_AWS_301", "cdk-nag:LambdaFunctionUrlAuth",
                   "cdk-nag:LambdaFunctionPublicAccessProhibited", "cfn-nag:F13")
    fix = {
        "SAM": (
            "MyFunction:\n"
            "  Type: AWS::Serverless::Function\n"
            "  Properties:\n"
            "    FunctionUrlConfig:\n"
            "      AuthType: AWS_IAM\n"
        ),
        "CloudFormation": (
            "MyFunctionUrl:\n"
            "  Type: AWS::Lambda::Url\n"
            "  Properties:\n"
            "    TargetFunctionArn: !GetAtt MyFunction.Arn\n"
            "    AuthType: AWS_IAM\n"
            "MyPermission:  # a permission to every principal: only your organisation's accounts\n"
            "  Type: AWS::Lambda::Permission\n"
            "  Properties:\n"
            "    Action: lambda:InvokeFunction\n"
            "    FunctionName: !Ref MyFunction\n"
            "    Principal: '*'\n"
            "    PrincipalOrgID: o-abc123\n"
        ),
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        fn = graph.resolve(resource.prop("TargetFunctionArn" if resource.type == "AWS::Lambda::Url"
                                         else "FunctionName"))
        kind = "function" if fn is None or fn.type == "AWS::Lambda::Function" else fn.type.rsplit("::", 1)[-1].lower()
        name = f"{kind} {fn.logical_id}" if fn else "its function"
        if resource.type == "AWS::Lambda::Url":
            if resource.str_prop("AuthType") == "NONE":
                yield self.violation(resource, f"function URL {resource.logical_id} of {name} has AuthType "
                                               "NONE: anyone on the internet can invoke it without signing "
                                               "requests", "AuthType")
            return
        value = resource.prop("Principal")
        if "*" not in principals(value if isinstance(value, dict) else {"Principal": value}):
            return
        if any(resource.has(key) for key in _CONDITIONS):
            return
        via_url = resource.has("FunctionUrlAuthType") or resource.bool_prop("InvokedViaFunctionUrl") is True
        if via_url and fn is not None and any(graph.resolve(url.prop("TargetFunctionArn")) is fn
                                              for url in graph.of_type("AWS::Lambda::Url")):
            return  # only usable through the function's URL, which is judged on its own
        action = as_str(resource.prop("Action")) or "lambda:InvokeFunction"
        who = "anyone who reaches its function URL" if via_url else "any AWS account"
        yield self.violation(resource, f"permission {resource.logical_id} allows {action} on {name} to "
                                       "principal * with no SourceArn, SourceAccount or PrincipalOrgID: "
                                       f"{who} can invoke it", "Principal")
