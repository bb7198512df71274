from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource, is_unknown
from slens.model.scaling import has_unknown_scalable_target, scalable_targets


class ProvisionedConcurrencyWithoutAutoscaling(Rule):
    """Provisioned concurrency at a fixed level, without Application Auto Scaling

    ## What it does
    Flags aliases and versions with `ProvisionedConcurrencyConfig` (SAM: the function's
    `ProvisionedConcurrencyConfig` with `AutoPublishAlias`) when no
    `AWS::ApplicationAutoScaling::ScalableTarget` of the `lambda` namespace names the alias
    or its function, so the provisioned level never follows traffic or a schedule.

    ## Why it matters
    The Serverless Lens asks you to *optimize function configuration to reduce cost*
    (COST 1). Provisioned concurrency is billed for every hour it is configured, used or
    not: a fixed level sized for the peak pays for idle environments all night and weekend.

    ## How to fix
    Register the alias as a scalable target (`ScalableDimension:
    lambda:function:ProvisionedConcurrency`, `ResourceId: function:<name>:<alias>`) and add
    a target-tracking policy on `LambdaProvisionedConcurrencyUtilization` or scheduled
    actions for known peaks.

    ## When to ignore
    Small, steady levels kept on purpose (a latency SLO around the clock), or scaling
    managed outside the template.
    """

    id = "LAM408"
    name = "provisioned-concurrency-without-autoscaling"
    severity = Severity.LOW
    practice = Practices.COST1_CONFIGURATION
    services = (Service.LAMBDA,)
    resource_types = ("AWS::Lambda::Alias", "AWS::Lambda::Version")
    fix = {
        "SAM": "ScalableTarget:\n  Type: AWS::ApplicationAutoScaling::ScalableTarget\n  Properties:\n"
               "    ServiceNamespace: lambda\n    ScalableDimension: lambda:function:ProvisionedConcurrency\n"
               "    ResourceId: !Sub function:${MyFunction}:live\n    MinCapacity: 1\n    MaxCapacity: 20\n"
               "  DependsOn: MyFunctionAliaslive\n",
        "CloudFormation": "ScalableTarget:\n  Type: AWS::ApplicationAutoScaling::ScalableTarget\n  Properties:\n"
                          "    ServiceNamespace: lambda\n"
                          "    ScalableDimension: lambda:function:ProvisionedConcurrency\n"
                          "    ResourceId: !Sub function:${MyFunction}:${MyAlias}\n"
                          "    MinCapacity: 1\n    MaxCapacity: 20\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        level = resource.prop("ProvisionedConcurrencyConfig", "ProvisionedConcurrentExecutions")
        if level is None or is_unknown(level) or resource.int_prop(
                "ProvisionedConcurrencyConfig", "ProvisionedConcurrentExecutions") == 0:
            return
        fn = graph.function_of(resource.prop("FunctionName"))
        for target in (resource, fn):
            if target is not None and scalable_targets(graph, target, "lambda"):
                return
        if has_unknown_scalable_target(graph, "lambda"):
            return
        kind = "alias" if resource.type == "AWS::Lambda::Alias" else "version"
        owner = f" of function {fn.logical_id}" if fn is not None else ""
        yield self.violation(resource, f"{kind} {resource.logical_id}{owner} keeps {level} provisioned "
                                       "environments at all times: no Application Auto Scaling target "
                                       "scales them", "ProvisionedConcurrencyConfig")
