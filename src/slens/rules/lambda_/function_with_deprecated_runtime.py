from collections.abc import Iterator

from slens import clock
from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource
from slens.model import runtimes as _runtimes
from slens.rules.live.facts import invocations


class FunctionWithDeprecatedRuntime(Rule):
    """Lambda function on a deprecated runtime

    ## What it does
    Flags functions whose `Runtime` has passed its deprecation date on the AWS Lambda
    runtimes page (on or before today; set `SLENS_TODAY=YYYY-MM-DD` to judge as of another
    day). Container-image functions have no `Runtime` and are not judged. On a live account
    the finding also says when the function was last invoked, from its CloudWatch metrics.

    ## Why it matters
    The Serverless Lens asks you to *review the function runtime deprecation policy*
    (OPS 2). A deprecated runtime no longer receives security patches, functions on it lose
    technical support, and Lambda then blocks creating and later updating them: the next
    urgent fix cannot be deployed until the code is migrated.

    ## How to fix
    Move the function to a supported runtime of the same language (for example
    `python3.8` to `python3.13`, `nodejs16.x` to `nodejs24.x`, `go1.x` to
    `provided.al2023`), test, and deploy.

    ## When to ignore
    A function kept only for reference and about to be deleted; otherwise migrate.
    """

    id = "LAM004"
    name = "function-with-deprecated-runtime"
    severity = Severity.HIGH
    practice = Practices.OPS2_RUNTIME_DEPRECATION
    services = (Service.LAMBDA,)
    resource_types = ("AWS::Lambda::Function",)
    equivalents = ("cfn-lint:E2531", "tflint:aws_lambda_function_deprecated_runtime", "checkov:CKV_AWS_363")
    fix = {
        "SAM": "MyFunction:\n  Type: AWS::Serverless::Function\n  Properties:\n    Runtime: python3.13\n",
        "CloudFormation": "MyFunction:\n  Type: AWS::Lambda::Function\n  Properties:\n"
                          "    Runtime: python3.13\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        runtime = resource.str_prop("Runtime")
        deprecated = _runtimes.deprecation_date(runtime) if runtime else None
        if deprecated is not None and deprecated <= clock.today():
            # on a live account, whether it still runs tells a migration from a deletion
            measured = invocations(resource)
            used = f" ({measured.said()})" if measured is not None else ""
            yield self.violation(resource, f"function {resource.logical_id} uses runtime {runtime}, "
                                           f"deprecated since {deprecated.isoformat()}{used}", "Runtime")
