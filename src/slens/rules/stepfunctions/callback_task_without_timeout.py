from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource
from slens.model.asl import parse_definition

_BOUNDS = ("TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds", "HeartbeatSecondsPath")


class CallbackTaskWithoutTimeout(Rule):
    """Step Functions callback or activity task without a timeout

    ## What it does
    Flags state machines with Task states that wait for a callback (`.waitForTaskToken`
    resources) or an activity worker and set none of `TimeoutSeconds`, `TimeoutSecondsPath`,
    `HeartbeatSeconds` or `HeartbeatSecondsPath`, each at its line.

    ## Why it matters
    The Serverless Lens asks you to *orchestrate long-running transactions* (REL 2). Without
    a timeout, such a task waits as long as the execution may run (a year for standard
    workflows): if the callback is lost (the worker crashed, the message was dropped), the
    execution hangs silently instead of failing into its retry or compensation path.

    ## How to fix
    Set `TimeoutSeconds` to the longest the callback may legitimately take, and
    `HeartbeatSeconds` for long work whose worker can report progress; catch
    `States.Timeout` to handle the lost callback.

    ## When to ignore
    Tasks that wait for a human approval with no deadline can ignore this rule with a reason.
    """

    id = "SFN303"
    name = "callback-task-without-timeout"
    severity = Severity.MEDIUM
    practice = Practices.REL2_ORCHESTRATE
    services = (Service.STEPFUNCTIONS,)
    resource_types = ("AWS::StepFunctions::StateMachine",)
    fix = {
        "SAM": "Definition:\n  States:\n    WaitForApproval:\n      Type: Task\n"
               "      Resource: arn:aws:states:::sqs:sendMessage.waitForTaskToken\n      TimeoutSeconds: 86400\n",
        "CloudFormation": "MyStateMachine:\n  Type: AWS::StepFunctions::StateMachine\n  Properties:\n"
                          "    Definition:  # in a DefinitionString, the same JSON\n      States:\n"
                          "        WaitForApproval:\n          Type: Task\n"
                          "          Resource: arn:aws:states:::sqs:sendMessage.waitForTaskToken\n"
                          "          TimeoutSeconds: 86400\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        definition = parse_definition(resource)
        if definition is None:
            return
        for state in definition.states:
            if definition.waits_for_callback(state, graph) and not any(state.get(k) is not None for k in _BOUNDS):
                yield self.violation(resource, f"state machine {resource.logical_id}: task {state.label} waits for a "
                                               "callback without a timeout: a lost callback hangs the execution "
                                               "for up to a year", *state.path)
