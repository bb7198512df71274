from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource


class UnusedSuppression(Rule):
    """Suppression that no longer matches any finding

    ## What it does
    Reports a suppression (template `Metadata.slens.ignore`, an inline `# slens: ignore[ID]`
    comment, or a `[[tool.slens.suppress]]` entry in the configuration) that suppressed
    nothing in this run, while the rule it names did run.

    ## Why it matters
    A suppression records an accepted risk with its reason. Once the risk is fixed or the
    resource is gone, a stale suppression silently pre-approves the same problem if it comes
    back. Reviewing accepted risks is part of managing the application's lifecycle
    (OPS 2: use configuration management), and ruff's `unused-noqa` shows the value of
    keeping waivers honest.

    ## How to fix
    Delete the suppression, or point it at the resource or line that still needs it.

    ## When to ignore
    When a suppression is shared by templates of which only some are scanned in a run;
    scan them together instead.
    """

    id = "SLN001"
    name = "unused-suppression"
    severity = Severity.LOW
    practice = Practices.OPS2_CONFIGURATION
    services = (Service.SLENS,)
    resource_types = ()
    meta = True
    equivalents = ("ruff:RUF100",)
    fix = {
        "SAM": (
            "# delete the entry that matches nothing\n"
            "MyFunction:\n"
            "  Type: AWS::Serverless::Function\n"
            "  Metadata:\n"
            "    slens:\n"
            "      ignore: []\n"
        ),
        "CloudFormation": (
            "# delete the comment: # slens: ignore[LAM001] reason\n"
        ),
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        return iter(())  # the engine reports this rule's findings while applying suppressions
