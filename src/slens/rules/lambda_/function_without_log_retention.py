from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import FUNCTION, Graph, Relation, Resource, is_unknown
from slens.rules.live.facts import storage_cost


class FunctionWithoutLogRetention(Rule):
    """Lambda function logs kept forever

    ## What it does
    Flags functions that have no log group in the template (neither one named by
    `LoggingConfig.LogGroup` nor an `AWS::Logs::LogGroup` named `/aws/lambda/<function name>`),
    so Lambda creates one that never expires, and log groups of functions that set no
    `RetentionInDays` (the finding is then reported on the log group). On a live account the
    finding also gives the group's stored bytes and an estimate of what they cost a month.

    ## Why it matters
    The Serverless Lens asks you to *optimize logging output and its retention* (COST 1).
    Log storage is billed per GB-month for as long as it is kept, and the log group Lambda
    creates on the first invocation keeps everything forever; it also outlives the stack.

    ## How to fix
    Declare the function's log group with `RetentionInDays` and point the function at it
    with `LoggingConfig.LogGroup` (or name it `/aws/lambda/<function name>`).

    ## When to ignore
    Functions whose log groups are created and governed outside the template (a central
    retention policy, a log-archive account): ignore with that as the reason.
    """

    id = "LAM008"
    name = "function-without-log-retention"
    severity = Severity.MEDIUM
    practice = Practices.COST1_LOGGING
    services = (Service.LAMBDA, Service.LOGS)
    resource_types = (FUNCTION, "AWS::Logs::LogGroup")
    equivalents = ("serverless-rules:WS1004", "checkov:CKV_AWS_66",
                   "cdk-nag:Serverless-CloudWatchLogGroupRetentionPeriod")
    fix = {
        "SAM": "MyFunction:\n  Type: AWS::Serverless::Function\n  Properties:\n    LoggingConfig:\n"
               "      LogGroup: !Ref MyFunctionLogs\nMyFunctionLogs:\n  Type: AWS::Logs::LogGroup\n"
               "  Properties:\n    RetentionInDays: 30\n",
        "CloudFormation": "MyFunction:\n  Type: AWS::Lambda::Function\n  Properties:\n    LoggingConfig:\n"
                          "      LogGroup: !Ref MyFunctionLogs\nMyFunctionLogs:\n"
                          "  Type: AWS::Logs::LogGroup\n  Properties:\n    RetentionInDays: 30\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        if resource.type == FUNCTION:
            yield from self._check_function(resource, graph)
        elif not resource.has("RetentionInDays"):
            functions = sorted({e.source.logical_id for e in graph.incoming(resource, Relation.LOGS_TO)
                                if e.source.type == FUNCTION})
            if functions:
                yield self.violation(resource, f"log group {resource.logical_id} of function "
                                               f"{', '.join(functions)} sets no RetentionInDays: its logs "
                                               "are kept forever" + storage_cost(resource), "RetentionInDays")

    def _check_function(self, fn: Resource, graph: Graph) -> Iterator[Violation]:
        if graph.log_groups_of(fn) or fn.has("LoggingConfig", "LogGroup"):
            return  # retention is judged on the log group; one outside the template cannot be judged
        if any(is_unknown(group.prop("LogGroupName")) for group in graph.of_type("AWS::Logs::LogGroup")):
            return  # a log group whose name is only known at deploy time may be this function's
        yield self.violation(fn, f"function {fn.logical_id} has no log group in the template: Lambda "
                                 "creates /aws/lambda/" + (fn.str_prop("FunctionName") or "<name>")
                                 + " on first use and keeps its logs forever", "LoggingConfig")
