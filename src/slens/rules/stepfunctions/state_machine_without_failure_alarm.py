from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource
from slens.model.alarms import missing_metrics

_SNIPPET = ("  Type: AWS::CloudWatch::Alarm\n  Properties:\n    Namespace: AWS/States\n"
            "    MetricName: ExecutionsFailed\n"
            "    Dimensions: [{Name: StateMachineArn, Value: !Ref MyStateMachine}]\n"
            "    Statistic: Sum\n    Period: 60\n    EvaluationPeriods: 1\n    Threshold: 1\n"
            "    ComparisonOperator: GreaterThanOrEqualToThreshold\n    AlarmActions: [!Ref AlarmTopic]\n")


class StateMachineWithoutFailureAlarm(Rule):
    """Step Functions state machine without an alarm on failed executions

    ## What it does
    Flags state machines that no alarm of the template watches on `ExecutionsFailed`
    (dimension `StateMachineArn`, in a plain or a metric-math alarm; a value that cannot be
    known counts). The option `metrics` sets the required metrics, e.g. add
    `ExecutionsTimedOut` and `ExecutionThrottled`, which `ExecutionsFailed` does not count.

    ## Why it matters
    The Serverless Lens asks you to *understand, analyze, and alert on metrics provided out of
    the box* (OPS 1) and lists `ExecutionsFailed`, `ExecutionsTimedOut` and
    `ExecutionThrottled` as the Step Functions metrics to alert on (REL 2). A workflow that
    fails after its retries leaves the business transaction half done (an order charged but
    not shipped) until someone looks.

    ## How to fix
    Add an `AWS::CloudWatch::Alarm` on `ExecutionsFailed` with `StateMachineArn: !Ref
    MyStateMachine` and an `AlarmActions` target, or an EventBridge rule on the `Step Functions
    Execution Status Change` event with status `FAILED` that notifies someone.

    ## When to ignore
    State machines whose failures are already handled in the workflow (a final `Catch` that
    notifies or compensates) or alerted on by an EventBridge rule can ignore this rule with a
    reason.
    """

    id = "SFN101"
    name = "state-machine-without-failure-alarm"
    severity = Severity.LOW
    practice = Practices.OPS1_METRICS_ALARMS
    services = (Service.STEPFUNCTIONS, Service.CLOUDWATCH)
    resource_types = ("AWS::StepFunctions::StateMachine",)
    options = {"metrics": ["ExecutionsFailed"]}
    fix = {"SAM": "MyStateMachineFailed:\n" + _SNIPPET,
           "CloudFormation": "MyStateMachineFailed:\n" + _SNIPPET}

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        metrics = self.option("metrics")
        wanted = [(str(m),) for m in metrics] if isinstance(metrics, list) else []
        missing = missing_metrics(graph, resource, wanted)
        if missing:
            yield self.violation(resource, f"state machine {resource.logical_id} has no alarm on "
                                           f"{', '.join(missing)}")
