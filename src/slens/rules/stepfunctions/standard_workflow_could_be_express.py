from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource, as_int, as_str, is_unknown
from slens.model.asl import parse_definition

#: resource types that start executions per request or per event (schedules are low volume)
_HIGH_VOLUME = ("AWS::ApiGateway::RestApi", "AWS::ApiGateway::Method", "AWS::ApiGatewayV2::Api",
                "AWS::ApiGatewayV2::Integration", "AWS::Events::Rule", "AWS::Pipes::Pipe", "AWS::IoT::TopicRule")


class StandardWorkflowCouldBeExpress(Rule):
    """Standard state machine for short, per-request work (Express would fit)

    ## What it does
    Flags STANDARD state machines (`StateMachineType` absent or `STANDARD`) whose definition
    is in the template and has nothing an Express workflow cannot do or finish within five
    minutes (no `Wait` state, no `.sync` or `.waitForTaskToken` task, no activity, no
    distributed map, no `TimeoutSeconds` above 300) and that an API or an event rule or pipe
    starts, i.e. once per request or event.

    ## Why it matters
    The Serverless Lens asks you to *measure, evaluate, and select optimum capacity units*
    (PERF 1). Standard workflows bill per state transition and suit long-running,
    exactly-once orchestration; for short, high-volume work Express workflows bill by
    duration and memory, usually costing a fraction as much, and can be invoked
    synchronously (`StartSyncExecution`) with lower latency.

    ## How to fix
    Set `Type: EXPRESS` (SAM) or `StateMachineType: EXPRESS` with a `LoggingConfiguration`
    (Express history lives only in CloudWatch Logs), and make the tasks idempotent.

    ## When to ignore
    Tasks that are not idempotent (Express runs at-least-once), workflows that need the
    90-day execution history or execution-level redrive, or low-volume machines.
    """

    id = "SFN401"
    name = "standard-workflow-could-be-express"
    severity = Severity.INFO
    practice = Practices.PERF1_CAPACITY
    services = (Service.STEPFUNCTIONS,)
    resource_types = ("AWS::StepFunctions::StateMachine",)
    fix = {
        "SAM": "OrderWorkflow:\n  Type: AWS::Serverless::StateMachine\n  Properties:\n    Type: EXPRESS\n"
               "    Logging:\n      Level: ERROR\n      Destinations:\n        - CloudWatchLogsLogGroup:\n"
               "            LogGroupArn: !GetAtt OrderWorkflowLogs.Arn\n",
        "CloudFormation": "OrderWorkflow:\n  Type: AWS::StepFunctions::StateMachine\n  Properties:\n"
                          "    StateMachineType: EXPRESS\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        kind = resource.prop("StateMachineType")
        definition = parse_definition(resource)
        if is_unknown(kind) or (as_str(kind) or "STANDARD") != "STANDARD" or definition is None:
            return
        if definition.is_unknown(definition.timeout) or (as_int(definition.timeout) or 0) > 300:
            return
        for state in definition.states:
            if state.type == "Wait" or ".sync" in state.resource or definition.waits_for_callback(state, graph) \
                    or state.is_distributed_map or (as_int(state.get("TimeoutSeconds")) or 0) > 300:
                return
        starters = [r for r in graph.referrers(resource, _HIGH_VOLUME)
                    if not r.has("ScheduleExpression")]
        if not starters:
            return
        names = ", ".join(sorted({s.logical_id for s in starters}))
        yield self.violation(resource, f"state machine {resource.logical_id} is STANDARD but short (no wait, "
                                       f"callback or .sync task) and started per request/event by {names}: "
                                       "an EXPRESS workflow costs less at volume", "StateMachineType")
