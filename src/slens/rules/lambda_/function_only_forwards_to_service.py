from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource, as_mapping, text_of
from slens.model.forwarding import forward_target, sync_only_callers

_ACTIONS = {"sqs": "SendMessage", "sns": "Publish", "events": "PutEvents", "kinesis": "PutRecord",
            "firehose": "PutRecord", "states": "StartExecution", "dynamodb": "PutItem/UpdateItem"}


class FunctionOnlyForwardsToService(Rule):
    """API function that only forwards requests to one AWS service

    ## What it does
    Flags functions invoked only by API Gateway whose execution role (in the template)
    grants nothing but logging/tracing and one write action family on one resource: sending
    to one queue, publishing to one topic, putting events on one bus, writing to one table
    or stream, starting one state machine. Functions in a VPC or configured with an external
    URL are left alone: they may call something IAM does not show.

    ## Why it matters
    The Serverless Lens asks you to *integrate with managed services directly over
    functions when possible* (PERF 1). API Gateway can call SQS, SNS, EventBridge, Kinesis,
    Step Functions and DynamoDB itself (the "storage-first" or proxy pattern): removing the
    function removes its cold starts, its invocation cost and its concurrency limit, and
    code to maintain.

    ## How to fix
    Replace the Lambda integration with a direct AWS service integration (REST API
    `Integration.Type: AWS` with a mapping template, or an HTTP API first-class integration
    such as `SQS-SendMessage`), using a role that API Gateway assumes for that one action.
    Validate requests with a request validator or model instead of code.

    ## When to ignore
    The function transforms, enriches or validates payloads in ways a mapping template
    cannot, or calls a third-party endpoint configured at runtime.
    """

    id = "LAM405"
    name = "function-only-forwards-to-service"
    severity = Severity.INFO
    practice = Practices.PERF1_DIRECT_INTEGRATION
    services = (Service.LAMBDA, Service.APIGATEWAY)
    resource_types = ("AWS::Lambda::Function",)
    fix = {
        "SAM": "OrdersApi:\n  Type: AWS::Serverless::HttpApi\n  Properties:\n    DefinitionBody:\n"
               "      paths:\n        /orders:\n          post:\n            x-amazon-apigateway-integration:\n"
               "              type: aws_proxy\n              integrationSubtype: SQS-SendMessage\n"
               "              credentials: !GetAtt ApiSqsRole.Arn\n              payloadFormatVersion: '1.0'\n"
               "              requestParameters:\n                QueueUrl: !Ref OrdersQueue\n"
               "                MessageBody: $request.body\n",
        "CloudFormation": "OrdersIntegration:\n  Type: AWS::ApiGatewayV2::Integration\n  Properties:\n"
                          "    ApiId: !Ref OrdersApi\n    IntegrationType: AWS_PROXY\n"
                          "    IntegrationSubtype: SQS-SendMessage\n    CredentialsArn: !GetAtt ApiSqsRole.Arn\n"
                          "    PayloadFormatVersion: '1.0'\n    RequestParameters:\n"
                          "      QueueUrl: !Ref OrdersQueue\n      MessageBody: $request.body\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        if sync_only_callers(graph, resource) != ["apigateway"] or resource.has("VpcConfig"):
            return
        variables = as_mapping(resource.prop("Environment", "Variables")).values()
        if any((text_of(v) or "").startswith(("http://", "https://")) for v in variables):
            return
        found = forward_target(graph, resource)
        if found is None:
            return
        service, target = found
        yield self.violation(resource, f"function {resource.logical_id} is invoked only by API Gateway and "
                                       f"may only {service}:{_ACTIONS.get(service, 'write')} to "
                                       f"{target.logical_id}: API Gateway can integrate with {service} directly")
