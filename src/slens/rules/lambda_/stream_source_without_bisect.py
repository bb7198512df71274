from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource, as_bool, as_int, as_list, as_str, is_unknown
from slens.model.flows import STREAM_KINDS, esm_source_kind


class StreamSourceWithoutBisect(Rule):
    """Kinesis or DynamoDB stream event source without batch bisection or partial batch responses

    ## What it does
    Flags stream event source mappings with a batch size above 1 (100 when not set) that
    set neither `BisectBatchOnFunctionError: true` nor
    `FunctionResponseTypes: [ReportBatchItemFailures]`.

    ## Why it matters
    The Serverless Lens asks you to *manage transaction, partial, and intermittent failures*
    (REL 2). When one record of a batch fails, Lambda retries the whole batch: the good
    records are processed again (duplicates) and, when retries run out, skipped with the bad
    one. Splitting the batch, or reporting the failed record, isolates the poison record.

    ## How to fix
    Set `BisectBatchOnFunctionError: true`, or return `batchItemFailures` from the function
    and set `FunctionResponseTypes: [ReportBatchItemFailures]`.

    ## When to ignore
    Consumers that process a batch atomically (all or nothing) can ignore this rule with a
    reason.
    """

    id = "LAM306"
    name = "stream-source-without-bisect"
    severity = Severity.LOW
    practice = Practices.REL2_FAILURES
    services = (Service.LAMBDA, Service.KINESIS, Service.DYNAMODB)
    resource_types = ("AWS::Lambda::EventSourceMapping",)
    fix = {
        "SAM": "Events:\n  Stream:\n    Type: DynamoDB\n    Properties:\n      Stream: !GetAtt Orders.StreamArn\n"
               "      StartingPosition: LATEST\n      BisectBatchOnFunctionError: true\n",
        "CloudFormation": "Mapping:\n  Type: AWS::Lambda::EventSourceMapping\n  Properties:\n"
                          "    BisectBatchOnFunctionError: true\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        if esm_source_kind(resource, graph) not in STREAM_KINDS:
            return
        bisect, types, size = (resource.prop(k) for k in ("BisectBatchOnFunctionError", "FunctionResponseTypes",
                                                          "BatchSize"))
        if any(is_unknown(v) for v in (bisect, types, size)) or any(is_unknown(t) for t in as_list(types)):
            return
        batch = 100 if size is None else as_int(size)
        if as_bool(bisect) or "ReportBatchItemFailures" in {as_str(t) for t in as_list(types)} \
                or batch is None or batch <= 1:
            return
        yield self.violation(resource, f"stream mapping {resource.logical_id} (batch size {batch}) neither "
                                       "bisects failing batches nor reports batch item failures: one bad record "
                                       "makes the whole batch retry and be skipped together",
                             "BisectBatchOnFunctionError")
