from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Invocation, Resource
from slens.model.failures import has_failure_destination


class AsyncFunctionWithoutFailureDestination(Rule):
    """Asynchronously invoked Lambda function without a dead-letter queue or on-failure destination

    ## What it does
    Flags functions invoked asynchronously (by S3, SNS, EventBridge, EventBridge Scheduler,
    IoT, CloudWatch Logs ... or a permission for one of those services) that have neither a
    dead-letter queue (`DeadLetterConfig`, SAM `DeadLetterQueue`) nor an
    `AWS::Lambda::EventInvokeConfig` with an `OnFailure` destination (SAM
    `EventInvokeConfig.DestinationConfig.OnFailure`). Functions only called synchronously
    (API Gateway, function URLs, Step Functions) or polled from SQS, Kinesis and DynamoDB
    are not asynchronous and are not flagged. Such a function is not also told that its retries
    are the default (LAM304 stays silent until it has a destination).

    ## Why it matters
    The Serverless Lens asks you to *manage transaction, partial, and intermittent failures*
    (REL 2). Lambda retries a failed asynchronous event twice and then discards it: without
    a destination the event, and the work it stood for, is lost without a trace.

    ## How to fix
    Add an on-failure destination (an SQS queue, SNS topic, EventBridge bus or another
    function; it receives the event and the error), or a dead-letter queue, and alarm on it.

    ## When to ignore
    Events that are safe to lose, such as periodic pings whose next run repeats the work.
    """

    id = "LAM006"
    name = "async-function-without-failure-destination"
    severity = Severity.MEDIUM
    practice = Practices.REL2_FAILURES
    services = (Service.LAMBDA,)
    resource_types = ("AWS::Lambda::Function",)
    equivalents = ("serverless-rules:ES1007", "cdk-nag:Serverless-LambdaAsyncFailureDestination",
                   "checkov:CKV_AWS_116")
    related = ("LAM304",)
    fix = {
        "SAM": "MyFunction:\n  Type: AWS::Serverless::Function\n  Properties:\n    EventInvokeConfig:\n"
               "      DestinationConfig:\n        OnFailure:\n          Type: SQS\n"
               "          Destination: !GetAtt FailedEvents.Arn\n",
        "CloudFormation": "MyFunctionInvokeConfig:\n  Type: AWS::Lambda::EventInvokeConfig\n  Properties:\n"
                          "    FunctionName: !Ref MyFunction\n    Qualifier: $LATEST\n"
                          "    DestinationConfig:\n"
                          "      OnFailure:\n        Destination: !GetAtt FailedEvents.Arn\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        invokers = {f"{t.service} ({t.source.logical_id})" if t.source else t.service
                    for t in graph.triggers(resource) if t.invocation is Invocation.ASYNC}
        # destinations outside the template are not graph edges, but still destinations
        if not invokers or has_failure_destination(graph, resource):
            return
        yield self.violation(resource, f"function {resource.logical_id} is invoked asynchronously by "
                                       f"{', '.join(sorted(invokers))} but has no on-failure destination or "
                                       "dead-letter queue: events that still fail after Lambda's retries "
                                       "are dropped")
