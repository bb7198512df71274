from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource, Value, as_int, is_unknown
from slens.model.flows import STREAM_KINDS, esm_source_kind


def _unbounded(value: Value) -> bool | None:
    if is_unknown(value):
        return None
    return value is None or as_int(value) == -1


class StreamSourceWithUnboundedRetries(Rule):
    """Kinesis or DynamoDB stream event source retrying a failing batch until it expires

    ## What it does
    Flags event source mappings that read a Kinesis or DynamoDB stream and bound neither
    `MaximumRetryAttempts` nor `MaximumRecordAgeInSeconds` (both unset or `-1`, the default
    for streams).

    ## Why it matters
    The Serverless Lens asks you to *manage transaction, partial, and intermittent failures*
    (REL 2). Lambda retries a failing stream batch, in order, until it succeeds or its
    records expire from the stream (24 hours by default, up to a year for Kinesis). One
    poison record blocks its whole shard for that long: every record behind it waits, the
    iterator age grows, and the records expire unprocessed.

    ## How to fix
    Set `MaximumRetryAttempts` (for example 3) and/or `MaximumRecordAgeInSeconds`, with
    `BisectBatchOnFunctionError: true` and an on-failure destination (LAM007) so the
    skipped records are kept.

    ## When to ignore
    Streams where strict order matters more than progress, and whose consumer is alarmed on
    `IteratorAge`, can ignore this rule with a reason.
    """

    id = "LAM305"
    name = "stream-source-with-unbounded-retries"
    severity = Severity.MEDIUM
    practice = Practices.REL2_FAILURES
    services = (Service.LAMBDA, Service.KINESIS, Service.DYNAMODB)
    resource_types = ("AWS::Lambda::EventSourceMapping",)
    fix = {
        "SAM": "Events:\n  Stream:\n    Type: Kinesis\n    Properties:\n      Stream: !GetAtt Orders.Arn\n"
               "      StartingPosition: LATEST\n      MaximumRetryAttempts: 3\n"
               "      BisectBatchOnFunctionError: true\n",
        "CloudFormation": "Mapping:\n  Type: AWS::Lambda::EventSourceMapping\n  Properties:\n"
                          "    MaximumRetryAttempts: 3\n    MaximumRecordAgeInSeconds: 3600\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        if esm_source_kind(resource, graph) not in STREAM_KINDS:
            return
        retries = _unbounded(resource.prop("MaximumRetryAttempts"))
        age = _unbounded(resource.prop("MaximumRecordAgeInSeconds"))
        if retries and age:
            source = graph.resolve(resource.prop("EventSourceArn"))
            name = f" from {source.logical_id}" if source is not None else ""
            yield self.violation(resource, f"stream mapping {resource.logical_id}{name} bounds neither "
                                           "MaximumRetryAttempts nor MaximumRecordAgeInSeconds: a failing batch "
                                           "is retried until its records expire, blocking the shard",
                                 "MaximumRetryAttempts")
