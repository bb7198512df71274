from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource, text_of

_SOURCES = {"AWS::SQS::Queue": "SQS queue", "AWS::Kinesis::Stream": "Kinesis stream",
            "AWS::DynamoDB::Table": "DynamoDB stream"}
_ARN_KINDS = {":sqs:": "SQS queue", ":kinesis:": "Kinesis stream", ":dynamodb:": "DynamoDB stream"}


class EventSourceWithBatchSizeOne(Rule):
    """Queue or stream event source that hands the function one record at a time

    ## What it does
    Flags event source mappings from SQS, Kinesis or DynamoDB Streams whose `BatchSize` is 1
    (SAM: `BatchSize: 1` on an `SQS`, `Kinesis` or `DynamoDB` event).

    ## Why it matters
    The Serverless Lens asks you to *take advantage of concurrency via async and
    stream-based function invocations* (PERF 1) and to *use cost-aware usage patterns*
    (COST 1). Pollers exist to aggregate records: one record per invocation multiplies
    invocations, init overhead and per-request charges, and for streams it caps throughput
    at one record per shard per invocation.

    ## How to fix
    Raise `BatchSize` (10 is the SQS default, 100 for streams), add
    `MaximumBatchingWindowInSeconds` when traffic is sparse, and report partial failures with
    `FunctionResponseTypes: [ReportBatchItemFailures]` so one bad record does not retry the
    whole batch.

    ## When to ignore
    Each record is long-running work close to the function timeout, or a downstream that
    must see strictly one request at a time (pair it with `ScalingConfig.MaximumConcurrency`).
    """

    id = "LAM404"
    name = "event-source-with-batch-size-one"
    severity = Severity.INFO
    practice = Practices.PERF1_ASYNC
    services = (Service.LAMBDA, Service.SQS, Service.KINESIS, Service.DYNAMODB)
    resource_types = ("AWS::Lambda::EventSourceMapping",)
    fix = {
        "SAM": "Events:\n  Orders:\n    Type: SQS\n    Properties:\n      Queue: !GetAtt OrdersQueue.Arn\n"
               "      BatchSize: 10\n      MaximumBatchingWindowInSeconds: 5\n"
               "      FunctionResponseTypes: [ReportBatchItemFailures]\n",
        "CloudFormation": "OrdersMapping:\n  Type: AWS::Lambda::EventSourceMapping\n  Properties:\n"
                          "    BatchSize: 10\n    MaximumBatchingWindowInSeconds: 5\n"
                          "    FunctionResponseTypes: [ReportBatchItemFailures]\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        if resource.int_prop("BatchSize") != 1:
            return
        source = graph.resolve(resource.prop("EventSourceArn"))
        kind = _SOURCES.get(source.type) if source is not None else next(
            (k for marker, k in _ARN_KINDS.items() if marker in (text_of(resource.prop("EventSourceArn")) or "")),
            None)
        if kind is None:
            return
        fn = graph.function_of(resource.prop("FunctionName"))
        name = f"{kind} {source.logical_id}" if source is not None else kind
        target = f"function {fn.logical_id}" if fn is not None else "its function"
        yield self.violation(resource, f"{name} invokes {target} with BatchSize 1: one invocation per "
                                       "record", "BatchSize")
