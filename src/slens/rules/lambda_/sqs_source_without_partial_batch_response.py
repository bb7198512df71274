from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource, as_int, as_list, as_str, is_unknown
from slens.model.flows import esm_source_kind


class SqsSourceWithoutPartialBatchResponse(Rule):
    """SQS event source reading batches without partial batch responses

    ## What it does
    Flags SQS event source mappings (SAM `SQS` events) with a batch size above 1 (10 when
    not set) that do not set `FunctionResponseTypes: [ReportBatchItemFailures]`.

    ## Why it matters
    The Serverless Lens asks you to *manage duplicate and unwanted events* (REL 2). When one
    message of a batch fails and the function raises, the whole batch returns to the queue:
    the messages that succeeded are processed again, and all of them move towards the
    dead-letter queue together. Reporting the failed message ids retries only those.

    ## How to fix
    Return `{"batchItemFailures": [{"itemIdentifier": <messageId>}]}` from the function (AWS
    Lambda Powertools' batch utility does this) and set
    `FunctionResponseTypes: [ReportBatchItemFailures]` on the mapping.

    ## When to ignore
    Functions that handle a batch atomically, or whose processing is idempotent and cheap to
    repeat, can ignore this rule with a reason.
    """

    id = "LAM307"
    name = "sqs-source-without-partial-batch-response"
    severity = Severity.LOW
    practice = Practices.REL2_DUPLICATES
    services = (Service.LAMBDA, Service.SQS)
    resource_types = ("AWS::Lambda::EventSourceMapping",)
    fix = {
        "SAM": "Events:\n  Work:\n    Type: SQS\n    Properties:\n      Queue: !GetAtt Work.Arn\n"
               "      FunctionResponseTypes:\n        - ReportBatchItemFailures\n",
        "CloudFormation": "Mapping:\n  Type: AWS::Lambda::EventSourceMapping\n  Properties:\n"
                          "    FunctionResponseTypes:\n      - ReportBatchItemFailures\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        if esm_source_kind(resource, graph) != "sqs":
            return
        types, size = resource.prop("FunctionResponseTypes"), resource.prop("BatchSize")
        if is_unknown(types) or is_unknown(size) or any(is_unknown(t) for t in as_list(types)):
            return
        batch = 10 if size is None else as_int(size)
        if batch is None or batch <= 1 or "ReportBatchItemFailures" in {as_str(t) for t in as_list(types)}:
            return
        yield self.violation(resource, f"SQS mapping {resource.logical_id} reads batches of up to {batch} "
                                       "messages without ReportBatchItemFailures: one failing message sends the "
                                       "whole batch back to the queue to be processed again",
                             "FunctionResponseTypes")
