from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource, is_unknown
from slens.model.asl import lambda_tasks


class LambdaTaskWithoutCatch(Rule):
    """Step Functions Lambda task without a Catch

    ## What it does
    Flags state machines with Task states that invoke a Lambda function (nested states
    included) and have no `Catch`, naming those states. States inside a Parallel or Map
    state whose enclosing state catches errors are still listed: the catcher there abandons
    every branch, not just the failed task.

    ## Why it matters
    The Serverless Lens asks you to *orchestrate long-running transactions* (REL 2): a
    workflow that changed state in earlier steps must undo or record them when a later step
    fails for good (the saga pattern). Without a catcher, the execution just fails and the
    earlier steps stay half-done, with nothing telling the user or compensating.

    ## How to fix
    Add `Catch: [{ErrorEquals: [States.ALL], ResultPath: $.error, Next: <compensate or
    notify state>}]` to each task, after the retriers (SFN301).

    ## When to ignore
    Workflows whose failure is handled outside (an EventBridge rule on failed executions, a
    caller that retries the whole execution) and whose steps need no compensation can
    ignore this rule with a reason.
    """

    id = "SFN302"
    name = "lambda-task-without-catch"
    severity = Severity.LOW
    practice = Practices.REL2_ORCHESTRATE
    services = (Service.STEPFUNCTIONS, Service.LAMBDA)
    resource_types = ("AWS::StepFunctions::StateMachine",)
    fix = {
        "SAM": "Definition:\n  States:\n    ChargeCard:\n      Type: Task\n"
               "      Resource: arn:aws:states:::lambda:invoke\n      Catch:\n"
               "        - ErrorEquals: [States.ALL]\n          ResultPath: $.error\n"
               "          Next: RefundOrder\n",
        "CloudFormation": "\"ChargeCard\": {\"Type\": \"Task\", \"Resource\": \"arn:aws:states:::lambda:invoke\",\n"
                          "  \"Catch\": [{\"ErrorEquals\": [\"States.ALL\"], \"ResultPath\": \"$.error\", "
                          "\"Next\": \"RefundOrder\"}]}\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        missing: list[str] = []
        key = "DefinitionString"
        for state, _, definition in lambda_tasks(resource, graph):
            key = definition.key
            catch = state.get("Catch")
            if not catch and not is_unknown(catch):
                missing.append(state.label)
        if missing:
            yield self.violation(resource, f"state machine {resource.logical_id} has Lambda task(s) without a "
                                           f"Catch: {', '.join(missing)}: a final failure ends the execution "
                                           "with earlier steps left undone", key)
