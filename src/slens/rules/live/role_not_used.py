from collections.abc import Iterator

from slens import clock
from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource
from slens.rules.live.facts import moment

_TRACKED_DAYS = 400


class RoleNotUsed(Rule):
    """Deployed IAM role not used for months

    ## What it does
    Live review only. Flags the IAM roles the account's serverless resources name whose
    `RoleLastUsed` (as IAM reports it) is older than `days` days (option, default 90), and
    roles never used at all that were created more than `days` days ago. Days are counted
    up to today (`SLENS_TODAY=YYYY-MM-DD` judges as of another day). A role whose last use
    IAM did not report is not judged.

    ## Why it matters
    The Serverless Lens asks for least privilege per function (SEC 2): every role grants
    standing permissions, and one that nothing assumes any more only waits to be assumed
    by the wrong principal or reused for a new function that inherits permissions it does
    not need. Unused roles also hide which permissions an application really needs.

    ## How to fix
    Delete the role (and what it was made for, when that is gone too), or remove it from
    the template that still declares it.

    ## When to ignore
    Break-glass and disaster-recovery roles, and roles of functions that run rarely (a
    yearly job): ignore them by name with that reason. IAM tracks use over the last 400
    days and reports it with a delay of a few hours.
    """

    id = "LIV201"
    name = "role-not-used"
    severity = Severity.LOW
    practice = Practices.SEC2_SMALL_FUNCTIONS
    services = (Service.IAM,)
    resource_types = ("AWS::IAM::Role",)
    options = {"days": 90}
    fix = {
        "SAM": "# remove the unused role from the template, or delete it:\n"
               "# aws iam delete-role --role-name old-role (after detaching its policies)\n",
        "CloudFormation": "# remove the unused role from the template, or delete it:\n"
                          "# aws iam delete-role --role-name old-role (after detaching its policies)\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        if resource.metadata.get("aws:roleUsageRead") is not True:
            return  # a template, or a role whose use IAM did not report
        days = int(self.option("days"))  # type: ignore[call-overload]
        today = clock.today()
        last = moment(resource.metadata.get("aws:roleLastUsed"))
        if last is not None:
            idle = (today - last.date()).days
            if idle >= days:
                yield self.violation(resource, f"role {resource.logical_id} was last used on {last.date().isoformat()},"
                                               f" {idle} days ago (more than {days}): delete it if nothing needs it")
            return
        created = moment(resource.metadata.get("aws:createDate"))
        if created is None:
            return
        age = (today - created.date()).days
        if age >= days:
            # IAM keeps a role's last use for 400 days: an older role may have been used before that
            never = "has never been used" if age <= _TRACKED_DAYS else f"has not been used in the {_TRACKED_DAYS} " \
                "days IAM tracks"
            yield self.violation(resource, f"role {resource.logical_id} {never} (created on "
                                           f"{created.date().isoformat()}, {age} days ago): delete it if nothing "
                                           "needs it")
