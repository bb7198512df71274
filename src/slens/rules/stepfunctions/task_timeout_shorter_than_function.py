from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource, as_int
from slens.model.asl import lambda_tasks

DEFAULT_FUNCTION_TIMEOUT = 3


class TaskTimeoutShorterThanFunction(Rule):
    """Step Functions task timeout shorter than the timeout of the function it invokes

    ## What it does
    Flags state machines whose Lambda Task states set a literal `TimeoutSeconds` below the
    `Timeout` of the function they invoke (3 s when not set), each at its `TimeoutSeconds`.

    ## Why it matters
    The Serverless Lens asks you to *manage duplicate and unwanted events* (REL 2). When the
    state times out, the function keeps running: its side effects still happen, but the
    workflow has moved on, to a retrier that invokes the function again (a duplicate run in
    parallel with the first) or to a failure path that compensates for work which then
    completes anyway.

    ## How to fix
    Make the task's `TimeoutSeconds` at least the function's `Timeout`, or lower the
    function's timeout to fit the step's budget.

    ## When to ignore
    Functions that are idempotent and whose late completion is harmless can ignore this rule
    with a reason.
    """

    id = "SFN304"
    name = "task-timeout-shorter-than-function"
    severity = Severity.LOW
    practice = Practices.REL2_DUPLICATES
    services = (Service.STEPFUNCTIONS, Service.LAMBDA)
    resource_types = ("AWS::StepFunctions::StateMachine",)
    fix = {
        "SAM": "Definition:\n  States:\n    ProcessOrder:\n      Type: Task\n"
               "      Resource: arn:aws:states:::lambda:invoke\n      TimeoutSeconds: 60  # >= the function's\n",
        "CloudFormation": "MyStateMachine:\n  Type: AWS::StepFunctions::StateMachine\n  Properties:\n"
                          "    Definition:  # in a DefinitionString, the same JSON\n      States:\n"
                          "        ProcessOrder:\n          Type: Task\n"
                          "          Resource: arn:aws:states:::lambda:invoke\n"
                          "          TimeoutSeconds: 60  # >= the function's Timeout\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        for state, fn, _ in lambda_tasks(resource, graph):
            limit = as_int(state.get("TimeoutSeconds"))
            if fn is None or limit is None:
                continue
            timeout = DEFAULT_FUNCTION_TIMEOUT if fn.prop("Timeout") is None else as_int(fn.prop("Timeout"))
            if timeout is not None and limit < timeout:
                yield self.violation(resource, f"state machine {resource.logical_id}: Lambda task {state.label} "
                                               f"gives up after {limit} s, before {fn.logical_id}'s {timeout} s "
                                               "timeout: the function keeps running while the workflow retries "
                                               "or moves on", *state.path, "TimeoutSeconds")
