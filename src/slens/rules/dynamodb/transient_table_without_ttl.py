import re
from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource, as_bool, is_unknown, text_of

#: names of tables whose items are worthless after a while
_TRANSIENT = re.compile(r"idempoten|session|lock|cache|dedup|nonce", re.IGNORECASE)


class TransientTableWithoutTtl(Rule):
    """Idempotency, session, lock or cache table without Time to Live

    ## What it does
    Flags DynamoDB tables whose logical id or `TableName` says their items are short-lived
    (idempotency, session, lock, cache, dedup, nonce) when `TimeToLiveSpecification` is
    absent or disabled.

    ## Why it matters
    The Serverless Lens asks you to *use cost-aware usage patterns in code* (COST 1), and
    for idempotency records it says to base their expiry on the event source, e.g. the SQS
    message retention period (REL 2). Without TTL these records accumulate forever: storage
    is billed per GB-month, and deleting them later costs write capacity. TTL deletes
    expired items for free.

    ## How to fix
    Enable `TimeToLiveSpecification` on the attribute your code writes the expiry epoch to
    (Powertools idempotency uses `expiration`) and write it on every item.

    ## When to ignore
    Tables that only look transient by name (a long-lived session archive), or that expire
    items in another way.
    """

    id = "DDB402"
    name = "transient-table-without-ttl"
    severity = Severity.LOW
    practice = Practices.COST1_PATTERNS
    services = (Service.DYNAMODB,)
    resource_types = ("AWS::DynamoDB::Table",)
    fix = {
        "SAM": "IdempotencyTable:\n  Type: AWS::DynamoDB::Table\n  Properties:\n    TimeToLiveSpecification:\n"
               "      AttributeName: expiration\n      Enabled: true\n",
        "CloudFormation": "IdempotencyTable:\n  Type: AWS::DynamoDB::Table\n  Properties:\n"
                          "    TimeToLiveSpecification:\n      AttributeName: expiration\n      Enabled: true\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        names = [resource.logical_id, resource.origin.logical_id, text_of(resource.prop("TableName")) or ""]
        match = next((m for m in map(_TRANSIENT.search, names) if m), None)
        if match is None:
            return
        enabled = resource.prop("TimeToLiveSpecification", "Enabled")
        if is_unknown(enabled) or as_bool(enabled):
            return
        state = "disabled" if resource.has("TimeToLiveSpecification") else "not set"
        yield self.violation(resource, f"table {resource.logical_id} looks like a {match.group(0).lower()} "
                                       f"table but its Time to Live is {state}: its items are kept forever",
                             "TimeToLiveSpecification", "Enabled")
