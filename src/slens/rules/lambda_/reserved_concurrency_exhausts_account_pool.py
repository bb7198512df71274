from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource, as_int


class ReservedConcurrencyExhaustsAccountPool(Rule):
    """Reserved concurrency of the template leaves less than the account's unreserved minimum

    ## What it does
    Adds up `ReservedConcurrentExecutions` over every function of the template and flags the
    total when it exceeds the account's concurrency limit minus the 100 executions Lambda
    keeps unreserved (900 of the default 1,000). The finding is reported once, on the
    function with the largest reservation.

    ## Why it matters
    The Serverless Lens asks you to *consider scaling patterns at burst rates* (REL 2) and to
    manage service quotas. Lambda refuses a reservation that leaves fewer than 100 unreserved
    executions, so the deployment fails in an account at the default limit; and where it
    succeeds, every function without a reservation shares what little is left and is
    throttled first in a burst.

    ## How to fix
    Lower the reservations to what each function needs, or request a higher concurrency
    limit through Service Quotas and set the `account_limit` option to it.

    ## When to ignore
    Set the `account_limit` option (default 1000) to the account's real limit instead of
    ignoring the rule; `unreserved_minimum` (default 100) is Lambda's fixed minimum.
    """

    id = "LAM303"
    name = "reserved-concurrency-exhausts-account-pool"
    severity = Severity.MEDIUM
    practice = Practices.REL2_BURST
    services = (Service.LAMBDA,)
    resource_types = ("AWS::Lambda::Function",)
    options = {"account_limit": 1000, "unreserved_minimum": 100}
    fix = {
        "SAM": "MyFunction:\n  Type: AWS::Serverless::Function\n  Properties:\n"
               "    ReservedConcurrentExecutions: 50  # sized to the function's need\n",
        "CloudFormation": "MyFunction:\n  Type: AWS::Lambda::Function\n  Properties:\n"
                          "    ReservedConcurrentExecutions: 50  # sized to the function's need\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        own = as_int(resource.prop("ReservedConcurrentExecutions"))
        if own is None:
            return
        reservations = [(fn, as_int(fn.prop("ReservedConcurrentExecutions"))) for fn in graph.functions
                        if fn.has("ReservedConcurrentExecutions")]
        largest = max(reservations, key=lambda item: item[1] or 0)[0]
        total = sum(r or 0 for _, r in reservations)
        limit = int(str(self.option("account_limit")))
        allowed = limit - int(str(self.option("unreserved_minimum")))
        if largest is not resource or total <= allowed:
            return
        yield self.violation(resource, f"the template reserves {total} concurrent executions over "
                                       f"{len(reservations)} function(s) (largest: {resource.logical_id}, {own}), "
                                       f"more than the {allowed} an account limit of {limit} allows: the "
                                       "deployment fails or leaves unreserved functions starved",
                             "ReservedConcurrentExecutions")
