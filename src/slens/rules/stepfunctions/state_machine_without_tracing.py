from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource, as_bool, is_unknown


class StateMachineWithoutTracing(Rule):
    """Step Functions state machine without AWS X-Ray tracing

    ## What it does
    Flags state machines whose `TracingConfiguration.Enabled` is not `true` (SAM:
    `Tracing: {Enabled: true}` on `AWS::Serverless::StateMachine`).

    ## Why it matters
    The Serverless Lens asks you to *use distributed tracing and instrument code with
    additional context* (OPS 1). A workflow calls functions and services from many states;
    without tracing, the state that is slow or failing, and the downstream call behind it,
    cannot be followed from the execution to the functions it invokes.

    ## How to fix
    Set `Tracing: {Enabled: true}` on the SAM state machine, or
    `TracingConfiguration: {Enabled: true}` on `AWS::StepFunctions::StateMachine`. The
    state machine's role needs `xray:PutTraceSegments`, `xray:PutTelemetryRecords` and
    `xray:GetSamplingRules`/`xray:GetSamplingTargets` (SAM adds them).

    ## When to ignore
    Workflows traced by another tool, or short internal workflows whose executions are
    fully explained by their execution history, can ignore this rule with a reason.
    """

    id = "SFN001"
    name = "state-machine-without-tracing"
    severity = Severity.LOW
    practice = Practices.OPS1_TRACING
    services = (Service.STEPFUNCTIONS,)
    resource_types = ("AWS::StepFunctions::StateMachine",)
    equivalents = ("serverless-rules:WS5000", "cdk-nag:Serverless-StepFunctionStateMachineXray",
                   "cdk-nag:AwsSolutions-SF2")
    fix = {
        "SAM": "MyStateMachine:\n  Type: AWS::Serverless::StateMachine\n  Properties:\n"
               "    Tracing:\n      Enabled: true\n",
        "CloudFormation": "MyStateMachine:\n  Type: AWS::StepFunctions::StateMachine\n  Properties:\n"
                          "    TracingConfiguration:\n      Enabled: true\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        if is_unknown(resource.prop("TracingConfiguration")):
            return
        enabled = resource.prop("TracingConfiguration", "Enabled")
        if enabled is None:
            detail = "TracingConfiguration.Enabled is not set"
        elif as_bool(enabled) is False:
            detail = "TracingConfiguration.Enabled is false"
        else:
            return
        yield self.violation(resource, f"state machine {resource.logical_id} has no X-Ray tracing ({detail})",
                             "TracingConfiguration", "Enabled")
