from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource


class ExpiredSuppression(Rule):
    """Suppression past its expiry date

    ## What it does
    Reports a suppression whose `expires` date has passed. The finding it suppressed is
    reported again as well.

    ## Why it matters
    Teams accept a risk for a while ("until the migration to the new API is done"); an
    expiry date turns that promise into a reminder. Revisiting accepted risks keeps the
    review honest across the application's lifecycle (OPS 2: use configuration management).

    ## How to fix
    Fix the finding and delete the suppression, or, if the risk is still accepted, give a
    new reason and a new `expires` date.

    ## When to ignore
    Never silently: extend the date with a reason instead.
    """

    id = "SLN002"
    name = "expired-suppression"
    severity = Severity.MEDIUM
    practice = Practices.OPS2_CONFIGURATION
    services = (Service.SLENS,)
    resource_types = ()
    meta = True
    fix = {
        "SAM": (
            "# fix the finding, or decide again and set a new date\n"
            "MyFunction:\n"
            "  Type: AWS::Serverless::Function\n"
            "  Metadata:\n"
            "    slens:\n"
            "      ignore:\n"
            "        - id: LAM001\n"
            "          reason: tracing comes with the OpenTelemetry layer\n"
            "          expires: 2027-06-30\n"
        ),
        "CloudFormation": (
            "# fix the finding, or decide again and set a new date\n"
            "MyFunction:\n"
            "  Type: AWS::Lambda::Function\n"
            "  Metadata:\n"
            "    slens:\n"
            "      ignore:\n"
            "        - id: LAM001\n"
            "          reason: tracing comes with the OpenTelemetry layer\n"
            "          expires: 2027-06-30\n"
        ),
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        return iter(())  # the engine reports this rule's findings while applying suppressions
