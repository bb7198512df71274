"""Statements CDK constructs write into a role's default policy on their own.

A construct's grant or wiring adds statements the user never wrote and cannot edit: a table grant adds
the stream actions (``dynamodb:GetRecords``, ``dynamodb:GetShardIterator``) on the table, a DynamoDB
event source ``dynamodb:ListStreams`` on ``*``, tracing the X-Ray actions on ``*``, a state machine's
logs the log-delivery actions on ``*``. A finding on such a statement is still true of the deployed
role, but the user's fix is elsewhere: the construct property that controls it where there is one,
else nothing short of writing the statement by hand. Each one recognised is recorded in the policy's
metadata under :data:`WRITTEN_KEY` (statement index -> who writes it, and the prop that controls it),
so that findings can say so; what a template's own ``Metadata`` said under that key is dropped first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from slens.model import WRITTEN_KEY, Resource, Value
from slens.model.values import as_list, as_mapping

DEFAULT_POLICY = "/DefaultPolicy"

_STREAM_READ = frozenset({"dynamodb:GetRecords", "dynamodb:GetShardIterator"})
_TABLE_DATA = frozenset({"dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:BatchGetItem",
                         "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
                         "dynamodb:BatchWriteItem"})
_XRAY = frozenset({"xray:PutTraceSegments", "xray:PutTelemetryRecords"})
_LOG_DELIVERY = frozenset({"logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery",
                           "logs:DeleteLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy",
                           "logs:DescribeResourcePolicies", "logs:DescribeLogGroups"})


def _actions(statement: dict[str, Value]) -> frozenset[str]:
    return frozenset(a for a in as_list(statement.get("Action")) if isinstance(a, str))


def _on_everything(statement: dict[str, Value]) -> bool:
    return as_list(statement.get("Resource")) == ["*"]


#: (what the statement looks like, who writes it, the construct prop that controls it or None)
_WRITERS: tuple[tuple[Callable[[dict[str, Value]], bool], str, str | None], ...] = (
    (lambda s: _actions(s) >= _STREAM_READ and bool(_actions(s) & _TABLE_DATA),
     "Table.grantReadData and grantReadWriteData add the stream actions on the table", None),
    (lambda s: _actions(s) == {"dynamodb:ListStreams"} and _on_everything(s),
     "a DynamoEventSource lists streams on *", None),
    (lambda s: _actions(s) == _XRAY and _on_everything(s),
     "active tracing sends traces to X-Ray on *", "tracing (a Function), tracingEnabled (a StateMachine)"),
    (lambda s: bool(_actions(s)) and _actions(s) <= _LOG_DELIVERY and _on_everything(s),
     "a StateMachine's logs deliver to CloudWatch Logs on *", "logs"),
)


def marked(resource: Resource) -> Resource:
    """The resource with the statements CDK wrote itself recorded (only a role's default policy has any)."""
    metadata = resource.metadata
    written: dict[str, Value] = {}
    label = resource.origin.label or ""
    if resource.type == "AWS::IAM::Policy" and label.endswith(DEFAULT_POLICY):
        document = as_mapping(resource.prop("PolicyDocument")) or {}
        for index, statement in enumerate(as_list(document.get("Statement"))):
            found = as_mapping(statement)
            if found is None or found.get("Effect") != "Allow":
                continue
            for looks, who, prop in _WRITERS:
                if looks(dict(found)):
                    written[str(index)] = {"by": who, "prop": prop}
                    break
    if not written and WRITTEN_KEY not in metadata:
        return resource
    kept = {k: v for k, v in metadata.items() if k != WRITTEN_KEY}
    return replace(resource, metadata={**kept, WRITTEN_KEY: written} if written else kept)
