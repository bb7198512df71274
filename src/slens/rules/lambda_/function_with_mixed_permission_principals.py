from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource, principals


class FunctionWithMixedPermissionPrincipals(Rule):
    """Lambda function invocable by several distinct principals

    ## What it does
    Groups the `AWS::Lambda::Permission`s of each function (including those SAM generates
    for `Events`) and flags functions whose permissions name more than one distinct
    principal, such as `apigateway.amazonaws.com` and `sns.amazonaws.com`. Principals only
    known at deploy time are left out.

    ## Why it matters
    The Serverless Lens asks you to *evaluate and define resource policies* (SEC 2) and to
    design smaller, single-purpose functions. A function that several services can invoke
    receives events of different shapes and trust levels through one handler, needs the
    union of their permissions, and has a resource policy that is harder to review.

    ## How to fix
    Split the function so that each one serves one kind of invoker, sharing code through a
    library or layer; or route the events through one service (for example publish to an
    SNS topic or EventBridge bus) so the function has a single invoker.

    ## When to ignore
    Functions deliberately shared by invokers that send the same event shape (for example
    an S3 notification delivered directly and through EventBridge).
    """

    id = "LAM009"
    name = "function-with-mixed-permission-principals"
    severity = Severity.LOW
    practice = Practices.SEC2_RESOURCE_POLICIES
    services = (Service.LAMBDA,)
    resource_types = ("AWS::Lambda::Function",)
    equivalents = ("serverless-rules:WS1002",)
    fix = {
        "SAM": (
            "OrdersApiFunction:\n"
            "  Type: AWS::Serverless::Function\n"
            "  Properties:\n"
            "    Events:\n"
            "      Api: {Type: Api, Properties: {Path: /orders, Method: post}}\n"
            "OrdersTopicFunction:\n"
            "  Type: AWS::Serverless::Function\n"
            "  Properties:\n"
            "    Events:\n"
            "      Topic: {Type: SNS, Properties: {Topic: !Ref OrdersTopic}}\n"
        ),
        "CloudFormation": (
            "OrdersApiFunction:  # one function per kind of caller\n"
            "  Type: AWS::Lambda::Function\n"
            "  Properties:\n"
            "    Handler: api.handler\n"
            "OrdersTopicFunction:\n"
            "  Type: AWS::Lambda::Function\n"
            "  Properties:\n"
            "    Handler: topic.handler\n"
            "ApiPermission:\n"
            "  Type: AWS::Lambda::Permission\n"
            "  Properties:\n"
            "    Action: lambda:InvokeFunction\n"
            "    FunctionName: !Ref OrdersApiFunction\n"
            "    Principal: apigateway.amazonaws.com\n"
            "    SourceArn: !Sub arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${OrdersApi}/*\n"
            "TopicPermission:\n"
            "  Type: AWS::Lambda::Permission\n"
            "  Properties:\n"
            "    Action: lambda:InvokeFunction\n"
            "    FunctionName: !Ref OrdersTopicFunction\n"
            "    Principal: sns.amazonaws.com\n"
            "    SourceArn: !Ref OrdersTopic\n"
        ),
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        found: set[str] = set()
        for permission in graph.permissions_of(resource):
            # a Lambda permission's Principal is one string; principals() also reads policy-style blocks
            value = permission.prop("Principal")
            names = principals(value if isinstance(value, dict) else {"Principal": value})
            found.update(name.lower() for name in names if not name.startswith("<"))
        if len(found) > 1:
            yield self.violation(resource, f"function {resource.logical_id} can be invoked by "
                                           f"{len(found)} distinct principals: {', '.join(sorted(found))}")
