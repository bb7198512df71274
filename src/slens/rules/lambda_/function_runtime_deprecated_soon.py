from collections.abc import Iterator

from slens import clock
from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource
from slens.model import runtimes as _runtimes


class FunctionRuntimeDeprecatedSoon(Rule):
    """Lambda function on a runtime deprecated within 180 days

    ## What it does
    Flags functions whose `Runtime` reaches its deprecation date (from the AWS Lambda
    runtimes page) within the next 180 days. Already deprecated runtimes are LAM004's.
    "Today" is the local date, or `SLENS_TODAY=YYYY-MM-DD` when set. Container-image
    functions have no `Runtime` and are not judged.

    ## Why it matters
    The Serverless Lens asks you to *review the function runtime deprecation policy*
    (OPS 2). Six months is about the time a team needs to upgrade dependencies, test on the
    new runtime and roll it out through every stage before patches stop and Lambda starts
    blocking updates.

    ## How to fix
    Plan the move to the newest runtime of the same language (for example `nodejs22.x` to
    `nodejs24.x`, `python3.11` to `python3.13`) and deploy it before the date
    in the message.

    ## When to ignore
    When the migration is already scheduled before the deprecation date; ignore with the
    ticket as the reason so the finding comes back if the date slips.
    """

    id = "LAM005"
    name = "function-runtime-deprecated-soon"
    severity = Severity.MEDIUM
    practice = Practices.OPS2_RUNTIME_DEPRECATION
    services = (Service.LAMBDA,)
    resource_types = ("AWS::Lambda::Function",)
    equivalents = ("cdk-nag:AwsSolutions-L1",)
    fix = {
        "SAM": "MyFunction:\n  Type: AWS::Serverless::Function\n  Properties:\n    Runtime: nodejs24.x\n",
        "CloudFormation": "MyFunction:\n  Type: AWS::Lambda::Function\n  Properties:\n"
                          "    Runtime: nodejs24.x\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        runtime = resource.str_prop("Runtime")
        deprecated = _runtimes.deprecation_date(runtime) if runtime else None
        today = clock.today()
        if deprecated is not None and today < deprecated <= today + _runtimes.SOON:
            days = (deprecated - today).days
            yield self.violation(resource, f"function {resource.logical_id} uses runtime {runtime}, "
                                           f"deprecated on {deprecated.isoformat()} (in {days} days)",
                                 "Runtime")
