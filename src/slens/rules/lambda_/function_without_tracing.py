from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource


class FunctionWithoutTracing(Rule):
    """Lambda function without AWS X-Ray active tracing

    ## What it does
    Flags functions whose `TracingConfig.Mode` is not `Active` (SAM: `Tracing: Active`,
    directly or through `Globals`).

    ## Why it matters
    The Serverless Lens asks you to *use distributed tracing and instrument code with
    additional context* (OPS 1). Without tracing, a slow or failing request cannot be
    followed across API Gateway, Lambda and the services it calls, so the cause of latency
    and errors stays invisible.

    ## How to fix
    Set `Tracing: Active` on the function (or once under `Globals.Function` in SAM), or
    `TracingConfig: {Mode: Active}` on `AWS::Lambda::Function`. The execution role needs
    the `xray:PutTraceSegments` and `xray:PutTelemetryRecords` actions (SAM adds them).

    ## When to ignore
    Functions already traced by another tool (an OpenTelemetry or vendor layer that does
    not use X-Ray) can ignore this rule with a reason.
    """

    id = "LAM001"
    name = "function-without-tracing"
    severity = Severity.LOW
    practice = Practices.OPS1_TRACING
    services = (Service.LAMBDA,)
    resource_types = ("AWS::Lambda::Function",)
    equivalents = ("serverless-rules:WS1000", "cdk-nag:Serverless-LambdaTracing", "checkov:CKV_AWS_50")
    fix = {
        "SAM": "Globals:\n  Function:\n    Tracing: Active\n",
        "CloudFormation": "MyFunction:\n  Type: AWS::Lambda::Function\n  Properties:\n"
                          "    TracingConfig:\n      Mode: Active\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        mode = resource.prop("TracingConfig", "Mode")
        if mode is None:
            yield self.violation(resource, f"function {resource.logical_id} has no X-Ray tracing "
                                           "(TracingConfig.Mode is not set)", "TracingConfig", "Mode")
        elif isinstance(mode, str) and mode != "Active":
            yield self.violation(resource, f"function {resource.logical_id} has tracing mode {mode}, "
                                           "not Active", "TracingConfig", "Mode")
