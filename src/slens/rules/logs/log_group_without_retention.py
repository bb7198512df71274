from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import FUNCTION, Graph, Relation, Resource, text_of
from slens.rules.live.facts import storage_cost


class LogGroupWithoutRetention(Rule):
    """Log group that keeps its logs forever

    ## What it does
    Flags `AWS::Logs::LogGroup` resources without `RetentionInDays`: API access logs, state
    machine logs, VPC flow logs, application log groups. Log groups of Lambda functions are
    left to LAM008, which reports them already. On a live account the finding also gives
    the group's stored bytes and an estimate of what they cost a month.

    ## Why it matters
    The Serverless Lens asks you to *optimize logging output and its retention* (COST 1):
    CloudWatch Logs keeps events indefinitely by default and bills storage per GB-month for
    as long as they are kept, so a chatty access log grows its bill every month.

    ## How to fix
    Set `RetentionInDays` (for example from a `LogRetentionInDays` parameter shared by every
    log group of the stack), and export to S3/Glacier what must be archived for longer.

    ## When to ignore
    Log groups that must be kept indefinitely for compliance, or whose retention is set by
    an organization-wide automation: ignore with that as the reason.
    """

    id = "LOG401"
    name = "log-group-without-retention"
    severity = Severity.MEDIUM
    practice = Practices.COST1_LOGGING
    services = (Service.LOGS,)
    resource_types = ("AWS::Logs::LogGroup",)
    equivalents = ("cdk-nag:Serverless-CloudWatchLogGroupRetentionPeriod", "checkov:CKV_AWS_66", "cfn-nag:W86")
    fix = {
        "SAM": "ApiAccessLogs:\n  Type: AWS::Logs::LogGroup\n  Properties:\n    RetentionInDays: 30\n",
        "CloudFormation": "ApiAccessLogs:\n  Type: AWS::Logs::LogGroup\n  Properties:\n    RetentionInDays: 30\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        if resource.has("RetentionInDays"):
            return
        writers = sorted({e.source.logical_id for e in graph.incoming(resource, Relation.LOGS_TO)})
        if any(graph.resources[w].type == FUNCTION for w in writers):
            return  # a function's log group: LAM008 reports it
        name = text_of(resource.prop("LogGroupName"))
        what = f"log group {resource.logical_id}" + (f" ({name})" if name else "")
        by = f" written by {', '.join(writers)}" if writers else ""
        yield self.violation(resource, f"{what}{by} sets no RetentionInDays: its logs are kept forever"
                             + storage_cost(resource), "RetentionInDays")
