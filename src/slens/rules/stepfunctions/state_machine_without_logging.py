from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource, as_list, as_str, is_unknown

_LEVELS = ("ALL", "ERROR")


class StateMachineWithoutLogging(Rule):
    """Step Functions state machine without execution logging

    ## What it does
    Flags state machines whose `LoggingConfiguration.Level` is not `ALL` or `ERROR` (absent,
    `OFF` or `FATAL`), or that have no log group in `LoggingConfiguration.Destinations` (SAM:
    the `Logging` property).

    ## Why it matters
    The Serverless Lens asks you to *use structured and centralized logging* (OPS 1). Execution
    logs record each state's failure with its error and cause as JSON in CloudWatch Logs, where
    they can be queried across executions and kept as long as needed. Standard workflows keep
    their execution history for 90 days only, and Express workflows keep none at all: without
    logging a failed Express execution leaves no trace but a metric. `FATAL` only records
    executions that fail as a whole, not the failing states.

    ## How to fix
    Add `LoggingConfiguration: {Level: ERROR, IncludeExecutionData: false, Destinations:
    [{CloudWatchLogsLogGroup: {LogGroupArn: !GetAtt FlowLogs.Arn}}]}` (SAM: `Logging`). The
    role needs the `logs:*LogDelivery*` actions.

    ## When to ignore
    Short-lived test workflows can ignore this rule with a reason.
    """

    id = "SFN102"
    name = "state-machine-without-logging"
    severity = Severity.LOW
    practice = Practices.OPS1_STRUCTURED_LOGGING
    services = (Service.STEPFUNCTIONS,)
    resource_types = ("AWS::StepFunctions::StateMachine",)
    equivalents = ("cdk-nag:AwsSolutions-SF1", "checkov:CKV_AWS_285")
    fix = {
        "SAM": "MyStateMachine:\n  Type: AWS::Serverless::StateMachine\n  Properties:\n    Logging:\n"
               "      Level: ERROR\n      Destinations:\n"
               "        - CloudWatchLogsLogGroup: {LogGroupArn: !GetAtt FlowLogs.Arn}\n",
        "CloudFormation": "MyStateMachine:\n  Type: AWS::StepFunctions::StateMachine\n  Properties:\n"
                          "    LoggingConfiguration:\n      Level: ERROR\n      Destinations:\n"
                          "        - CloudWatchLogsLogGroup: {LogGroupArn: !GetAtt FlowLogs.Arn}\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        config = resource.prop("LoggingConfiguration")
        level = resource.prop("LoggingConfiguration", "Level")
        destinations = resource.prop("LoggingConfiguration", "Destinations")
        if is_unknown(config) or is_unknown(level) or is_unknown(destinations):
            return
        express = as_str(resource.prop("StateMachineType")) == "EXPRESS"
        kind = "Express workflow" if express else "state machine"
        if as_str(level) not in _LEVELS:
            shown = f"Level {as_str(level)}" if level is not None else "no LoggingConfiguration.Level"
            yield self.violation(resource, f"{kind} {resource.logical_id} does not log failed states "
                                           f"({shown})",
                                 "LoggingConfiguration", "Level")
        elif not as_list(destinations):
            yield self.violation(resource, f"{kind} {resource.logical_id} logs to no log group "
                                           "(LoggingConfiguration.Destinations is empty)",
                                 "LoggingConfiguration", "Destinations")
