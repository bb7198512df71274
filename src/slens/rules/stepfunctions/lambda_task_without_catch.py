from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource, is_unknown
from slens.model.asl import lambda_tasks


class LambdaTaskWithoutCatch(Rule):
    """Step Functions Lambda task without a Catch

    ## What it does
    Flags each Task state that invokes a Lambda function (nested states included) and has
    no `Catch`, at the state's line. States inside a Parallel or Map state whose enclosing
    state catches errors are still flagged: the catcher there abandons every branch, not
    just the failed task. Not flagged: error handlers (states reached only through a
    `Catch`), whose own failure has nowhere better to go, and tasks inside a Map that sets
    `ToleratedFailurePercentage`/`ToleratedFailureCount` (or their `Path` forms) and has a
    `Catch`: failed items are expected there, and the Map handles the rest. A task whose
    function ARN arrives through a parameter or SSM is judged like any Lambda task.

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
        "CloudFormation": "MyStateMachine:\n  Type: AWS::StepFunctions::StateMachine\n  Properties:\n"
                          "    Definition:  # in a DefinitionString, the same JSON\n      States:\n"
                          "        ChargeCard:\n          Type: Task\n"
                          "          Resource: arn:aws:states:::lambda:invoke\n          Catch:\n"
                          "            - ErrorEquals: [States.ALL]\n              ResultPath: $.error\n"
                          "              Next: RefundOrder\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        for state, _, definition in lambda_tasks(resource, graph):
            catch = state.get("Catch")
            # an error handler's own failure has nowhere better to go, and a Map that tolerates failed
            # items and catches beyond that handles its items' failures
            if catch or is_unknown(catch) or state.handles_errors or definition.failure_tolerated_around(state):
                continue
            yield self.violation(resource, f"state machine {resource.logical_id}: Lambda task {state.label} has no "
                                           "Catch: a final failure ends the execution with earlier steps left "
                                           "undone", *state.path)
