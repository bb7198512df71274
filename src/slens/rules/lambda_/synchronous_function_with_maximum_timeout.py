from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource
from slens.model.forwarding import sync_only_callers

_CALLERS = {"apigateway": "API Gateway (which gives up after 29 s by default)", "lambda-url": "a function URL"}


class SynchronousFunctionWithMaximumTimeout(Rule):
    """API or URL function with a timeout at the 15-minute maximum

    ## What it does
    Flags functions invoked only synchronously, by API Gateway or a function URL, whose
    `Timeout` is at least `min_timeout` seconds (default 900, Lambda's maximum). URLs in
    `RESPONSE_STREAM` mode and durable functions (`DurableConfig`) are not judged.

    ## Why it matters
    The Serverless Lens asks you to *optimize function configuration to reduce cost* and to
    establish timeouts that stop runaway functions (COST 1). A request handler that hangs on
    a dependency keeps running, and billing, for up to 15 minutes, long after the API
    returned a 504 to its client (REST and HTTP APIs stop waiting at 29 and 30 seconds).

    ## How to fix
    Set `Timeout` just above the handler's measured worst case and below the integration
    timeout; move long work behind a queue or a state machine and answer `202 Accepted`.
    Lower `min_timeout` (for example to 30) to flag every timeout the API cannot wait for.

    ## When to ignore
    URL-invoked functions that legitimately run long (large downloads, long polling) and
    REST APIs whose integration timeout was raised by a quota increase.
    """

    id = "LAM407"
    name = "synchronous-function-with-maximum-timeout"
    severity = Severity.LOW
    practice = Practices.COST1_CONFIGURATION
    services = (Service.LAMBDA, Service.APIGATEWAY)
    resource_types = ("AWS::Lambda::Function",)
    options = {"min_timeout": 900}
    fix = {
        "SAM": "MyFunction:\n  Type: AWS::Serverless::Function\n  Properties:\n    Timeout: 25\n",
        "CloudFormation": "MyFunction:\n  Type: AWS::Lambda::Function\n  Properties:\n    Timeout: 25\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        timeout, threshold = resource.int_prop("Timeout"), self.option("min_timeout")
        assert isinstance(threshold, int)
        if timeout is None or timeout < threshold or resource.has("DurableConfig"):
            return
        callers = sync_only_callers(graph, resource)
        if callers is None or any(u.prop("InvokeMode") == "RESPONSE_STREAM" for u in graph.urls_of(resource)):
            return
        by = " and ".join(_CALLERS[c] for c in callers)
        yield self.violation(resource, f"function {resource.logical_id} is invoked only by {by} yet may run "
                                       f"for {timeout} s", "Timeout")
