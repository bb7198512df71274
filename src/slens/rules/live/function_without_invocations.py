from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import FUNCTION, Graph, Resource
from slens.rules.live.facts import invocations


class FunctionWithoutInvocations(Rule):
    """Deployed Lambda function not invoked for weeks

    ## What it does
    Live review only. Flags deployed functions whose CloudWatch `AWS/Lambda` `Invocations`
    metric shows no invocation for `days` days (option, default 30) before the account was
    read. The reader sums the metric over the last 90 days, one `GetMetricData` call per
    500 functions; a function whose metric could not be read is not judged, and a `days`
    longer than the window read is judged only when the function was last invoked within
    it.

    ## Why it matters
    The Serverless Lens asks you to *use infrastructure as code and stages isolated in
    separate environments* (OPS 2), and its improvement plan to find environments and
    experiments left behind. A function nobody calls still has a role with permissions,
    environment variables, a runtime that will be deprecated, and log groups: attack
    surface and upkeep for nothing, and a reviewer cannot tell it from one that matters.

    ## How to fix
    Delete the function (and its stack, when a stack made it), or, when it must stay, say
    why in its description and tags and keep it on a supported runtime.

    ## When to ignore
    Functions kept for rare events (a yearly job, disaster recovery, an incident runbook)
    or invoked only in another region: ignore them by name with that reason, or raise
    `days` for the account.
    """

    id = "LIV102"
    name = "function-without-invocations"
    severity = Severity.LOW
    practice = Practices.OPS2_IAC_STAGES
    services = (Service.LAMBDA, Service.CLOUDWATCH)
    resource_types = (FUNCTION,)
    options = {"days": 30}
    fix = {
        "SAM": "# delete the unused function from the template (or its stack):\n"
               "# aws cloudformation delete-stack --stack-name old-experiment\n",
        "CloudFormation": "# delete the unused function from the template (or its stack):\n"
                          "# aws cloudformation delete-stack --stack-name old-experiment\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        measured = invocations(resource)
        if measured is None:
            return  # a template, or a metric that could not be read: no evidence either way
        days = int(self.option("days"))  # type: ignore[call-overload]
        idle = measured.idle_days()
        if idle is None or idle < days or (measured.last is None and measured.days < days):
            return
        if measured.last is None:
            said = f"had no invocation in the {measured.days} days before the account was read"
        else:
            said = f"was last invoked on {measured.last.date().isoformat()}, {idle} days before the account was read"
        yield self.violation(resource, f"function {resource.logical_id} {said} (CloudWatch Invocations; more than "
                                       f"{days} days idle): delete it or say why it stays")
