from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource, as_bool


class AppsyncWithoutTracing(Rule):
    """AppSync GraphQL API without AWS X-Ray tracing

    ## What it does
    Flags `AWS::AppSync::GraphQLApi` resources whose `XrayEnabled` is not `true`.

    ## Why it matters
    The Serverless Lens asks you to *use distributed tracing and instrument code with
    additional context* (OPS 1). A GraphQL query fans out to several resolvers and data
    sources; without tracing, the resolver or data source that makes a query slow or fail
    cannot be told apart from the others.

    ## How to fix
    Set `XrayEnabled: true` on the GraphQL API (SAM `AWS::Serverless::GraphQLApi`
    accepts the same property).

    ## When to ignore
    APIs whose resolvers are all local or that are traced by another tool can ignore this
    rule with a reason.
    """

    id = "ASY001"
    name = "appsync-without-tracing"
    severity = Severity.LOW
    practice = Practices.OPS1_TRACING
    services = (Service.APPSYNC,)
    resource_types = ("AWS::AppSync::GraphQLApi",)
    equivalents = ("serverless-rules:WS3000", "cdk-nag:Serverless-AppSyncTracing")
    fix = {
        "SAM": "MyApi:\n  Type: AWS::Serverless::GraphQLApi\n  Properties:\n    XrayEnabled: true\n",
        "CloudFormation": "MyApi:\n  Type: AWS::AppSync::GraphQLApi\n  Properties:\n    XrayEnabled: true\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        value = resource.prop("XrayEnabled")
        if value is None:
            yield self.violation(resource, f"GraphQL API {resource.logical_id} has no X-Ray tracing "
                                           "(XrayEnabled is not set)", "XrayEnabled")
        elif as_bool(value) is False:
            yield self.violation(resource, f"GraphQL API {resource.logical_id} has X-Ray tracing disabled "
                                           "(XrayEnabled is false)", "XrayEnabled")
