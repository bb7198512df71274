from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource

#: the states a stack stays in after a failure until someone acts; "*_IN_PROGRESS" states pass
_FAILED = ("CREATE_FAILED", "ROLLBACK_FAILED", "ROLLBACK_COMPLETE", "DELETE_FAILED", "UPDATE_FAILED",
           "UPDATE_ROLLBACK_FAILED", "UPDATE_ROLLBACK_COMPLETE", "IMPORT_ROLLBACK_FAILED", "IMPORT_ROLLBACK_COMPLETE")


class StackInFailedState(Rule):
    """Deployed CloudFormation stack left in a failed state

    ## What it does
    Live review only. Flags stacks whose `StackStatus` is a failure that lasts until someone
    acts: `CREATE_FAILED`, `ROLLBACK_COMPLETE` and `ROLLBACK_FAILED` (a creation that
    failed), `UPDATE_ROLLBACK_COMPLETE`, `UPDATE_ROLLBACK_FAILED` and `UPDATE_FAILED` (an
    update that failed), `DELETE_FAILED`, and the import rollbacks. Stacks in progress are
    not judged.

    ## Why it matters
    The Serverless Lens asks you to *use infrastructure as code and stages isolated in
    separate environments* (OPS 2): the deployed state should be what the template says. A
    stack rolled back after a failed update runs the previous version, not the one the
    pipeline reported; a `ROLLBACK_COMPLETE` stack cannot be updated, only deleted; an
    `UPDATE_ROLLBACK_FAILED` stack blocks every later deployment; and a failed experiment
    left behind keeps its resources and their cost.

    ## How to fix
    Read the stack's events for the failure's cause, then fix the template and deploy again
    (`UPDATE_ROLLBACK_COMPLETE`), continue the rollback (`aws cloudformation
    continue-update-rollback`), or delete the stack (`ROLLBACK_COMPLETE`, `DELETE_FAILED`
    after removing what blocks the deletion).

    ## When to ignore
    A stack whose failed update is being fixed right now, in a pipeline that will deploy
    again shortly; otherwise do not ignore it.
    """

    id = "LIV103"
    name = "stack-in-failed-state"
    severity = Severity.MEDIUM
    practice = Practices.OPS2_IAC_STAGES
    services = (Service.CLOUDFORMATION,)
    resource_types = ("AWS::CloudFormation::Stack",)
    fix = {
        "SAM": "# aws cloudformation describe-stack-events --stack-name my-app   (find the cause)\n"
               "# sam deploy                                                    (deploy the fixed template)\n"
               "# aws cloudformation delete-stack --stack-name my-app          (ROLLBACK_COMPLETE)\n",
        "CloudFormation": "# aws cloudformation describe-stack-events --stack-name my-app   (find the cause)\n"
                          "# aws cloudformation continue-update-rollback --stack-name my-app  "
                          "(UPDATE_ROLLBACK_FAILED)\n"
                          "# aws cloudformation delete-stack --stack-name my-app          (ROLLBACK_COMPLETE)\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        status = resource.str_prop("StackStatus")
        if status not in _FAILED:
            return  # a template's nested stack has no status; a healthy or busy stack passes
        reason = resource.str_prop("StackStatusReason")
        yield self.violation(resource, f"stack {resource.str_prop('StackName') or resource.logical_id} is in "
                                       f"{status}" + (f" ({reason[:200]})" if reason else "") + ": "
                                       + _ADVICE.get(status, "find the cause in its events and act on it"),
                             "StackStatus")


_ADVICE = {
    "ROLLBACK_COMPLETE": "its creation failed and it can only be deleted",
    "CREATE_FAILED": "its creation failed; delete it and deploy again",
    "ROLLBACK_FAILED": "its creation failed and so did the rollback; delete it",
    "UPDATE_ROLLBACK_COMPLETE": "its last update failed and it runs the previous version",
    "UPDATE_ROLLBACK_FAILED": "its last update failed and so did the rollback: no deployment can run until "
                              "the rollback is continued",
    "UPDATE_FAILED": "its last update failed",
    "DELETE_FAILED": "its deletion failed and its resources are still there",
}
