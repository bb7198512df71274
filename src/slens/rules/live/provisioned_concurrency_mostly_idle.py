from collections.abc import Iterator, Mapping

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import FUNCTION, Graph, Resource


class ProvisionedConcurrencyMostlyIdle(Rule):
    """Provisioned concurrency left mostly idle

    ## What it does
    Live review only. Flags deployed functions whose provisioned concurrency (on an alias
    or a version) never reached `max_utilization_percent` (option, default 20) of
    `ProvisionedConcurrencyUtilization` over the days the account's metrics were read
    (the highest daily maximum, 90 days by default). A qualifier without datapoints, or
    whose metric could not be read, is not judged.

    ## Why it matters
    The Serverless Lens asks you to *optimize function configuration to reduce cost*
    (COST 1). Provisioned concurrency is billed for every hour it is configured, used or
    not: environments that stay this idle cost more than the cold starts they avoid.

    ## How to fix
    Lower `ProvisionedConcurrentExecutions`, schedule it for the busy hours with
    Application Auto Scaling, or remove it and measure the cold starts it was meant to hide.

    ## When to ignore
    Functions kept warm for a rare but latency-critical burst (a launch, a daily batch
    window shorter than the period measured): ignore them with that reason.
    """

    id = "LIV401"
    name = "provisioned-concurrency-mostly-idle"
    severity = Severity.MEDIUM
    practice = Practices.COST1_CONFIGURATION
    services = (Service.LAMBDA, Service.CLOUDWATCH)
    resource_types = (FUNCTION,)
    options = {"max_utilization_percent": 20}
    fix = {
        "SAM": "MyFunction:\n  Type: AWS::Serverless::Function\n  Properties:\n    AutoPublishAlias: live\n"
               "    ProvisionedConcurrencyConfig:\n      ProvisionedConcurrentExecutions: 2\n",
        "CloudFormation": "LiveAlias:\n  Type: AWS::Lambda::Alias\n  Properties:\n    FunctionName: !Ref MyFunction\n"
                          "    FunctionVersion: !GetAtt MyVersion.Version\n    Name: live\n"
                          "    ProvisionedConcurrencyConfig:\n      ProvisionedConcurrentExecutions: 2\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        measured = resource.metadata.get("aws:provisionedConcurrencyUtilization")
        peaks = measured.get("maximum") if isinstance(measured, Mapping) else None
        if not isinstance(measured, Mapping) or not isinstance(peaks, Mapping):
            return  # a template, or no provisioned concurrency measured
        limit = int(self.option("max_utilization_percent"))  # type: ignore[call-overload]
        days = measured.get("days")
        for qualifier, peak in sorted(peaks.items()):
            if not isinstance(peak, int | float) or isinstance(peak, bool) or peak * 100 >= limit:
                continue
            yield self.violation(resource, f"function {resource.logical_id}:{qualifier} used at most "
                                           f"{peak * 100:.0f}% of its provisioned concurrency over the {days} days "
                                           f"before the account was read (under {limit}%): lower it or schedule it")
