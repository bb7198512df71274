from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource, text_of

_STREAM_TYPES = {
    "AWS::Kinesis::Stream": "Kinesis stream",
    "AWS::Kinesis::StreamConsumer": "Kinesis stream consumer",
    "AWS::DynamoDB::Table": "DynamoDB stream",
    "AWS::DynamoDB::GlobalTable": "DynamoDB stream",
}


def stream_kind(esm: Resource, graph: Graph) -> str | None:
    """The kind of stream the mapping reads, or None for queues, brokers and unknown sources."""
    source = graph.resolve(esm.prop("EventSourceArn"))
    if source is not None:
        return _STREAM_TYPES.get(source.type)
    arn = text_of(esm.prop("EventSourceArn")) or ""
    if arn.startswith("arn:") and ":kinesis:" in arn:
        return "Kinesis stream"
    if arn.startswith("arn:") and ":dynamodb:" in arn and "/stream/" in arn:
        return "DynamoDB stream"
    return None


class StreamSourceWithoutFailureDestination(Rule):
    """Kinesis or DynamoDB stream event source mapping without an on-failure destination

    ## What it does
    Flags `AWS::Lambda::EventSourceMapping`s (SAM `Kinesis` and `DynamoDB` events) that read
    a Kinesis or DynamoDB stream and set no `DestinationConfig.OnFailure`. The stream is
    recognised from the source resource in the template, or from the ARN text for streams
    defined elsewhere. SQS mappings are not flagged: they do not support on-failure
    destinations (the queue's redrive policy is their dead-letter queue).

    ## Why it matters
    The Serverless Lens asks you to *manage transaction, partial, and intermittent failures*
    (REL 2). A failing batch blocks its shard and is retried until the records expire; when
    the retries stop (`MaximumRetryAttempts`, `MaximumRecordAgeInSeconds`) the records are
    skipped, and without a destination nothing says which ones were lost.

    ## How to fix
    Set `DestinationConfig.OnFailure.Destination` to an SQS queue or SNS topic (it receives
    the batch's shard and sequence numbers), together with `MaximumRetryAttempts` and
    `BisectBatchOnFunctionError`, so a poison record is isolated and recorded.

    ## When to ignore
    Streams whose records can be dropped, such as metrics where the next record supersedes it.
    """

    id = "LAM007"
    name = "stream-source-without-failure-destination"
    severity = Severity.MEDIUM
    practice = Practices.REL2_FAILURES
    services = (Service.LAMBDA, Service.KINESIS, Service.DYNAMODB)
    resource_types = ("AWS::Lambda::EventSourceMapping",)
    equivalents = ("serverless-rules:ES1001", "cdk-nag:Serverless-LambdaEventSourceMappingDestination")
    fix = {
        "SAM": (
            "Events:\n"
            "  Stream:\n"
            "    Type: Kinesis\n"
            "    Properties:\n"
            "      Stream: !GetAtt Orders.Arn\n"
            "      StartingPosition: LATEST\n"
            "      MaximumRetryAttempts: 5\n"
            "      DestinationConfig:\n"
            "        OnFailure:\n"
            "          Destination: !GetAtt FailedRecords.Arn\n"
            "  Changes:  # a DynamoDB stream takes the same settings\n"
            "    Type: DynamoDB\n"
            "    Properties:\n"
            "      Stream: !GetAtt Orders.StreamArn\n"
            "      StartingPosition: LATEST\n"
            "      MaximumRetryAttempts: 5\n"
            "      DestinationConfig:\n"
            "        OnFailure:\n"
            "          Destination: !GetAtt FailedRecords.Arn\n"
        ),
        "CloudFormation": (
            "Mapping:\n"
            "  Type: AWS::Lambda::EventSourceMapping\n"
            "  Properties:\n"
            "    MaximumRetryAttempts: 5\n"
            "    DestinationConfig:\n"
            "      OnFailure:\n"
            "        Destination: !GetAtt FailedRecords.Arn\n"
        ),
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        kind = stream_kind(resource, graph)
        if kind is None or resource.has("DestinationConfig", "OnFailure", "Destination"):
            return
        source = graph.resolve(resource.prop("EventSourceArn"))
        target = graph.resolve(resource.prop("FunctionName"))
        what = f"{kind} {source.logical_id if source else text_of(resource.prop('EventSourceArn'))}"
        to = f" to function {target.logical_id}" if target else ""
        yield self.violation(resource, f"event source mapping {resource.logical_id} from {what}{to} has no "
                                       "on-failure destination: records skipped after the last retry are "
                                       "lost without a trace", "DestinationConfig", "OnFailure")
