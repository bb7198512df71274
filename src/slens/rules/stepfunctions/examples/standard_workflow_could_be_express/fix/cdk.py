from aws_cdk import Stack
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_stepfunctions as sfn
from constructs import Construct


def start_on_each_order(scope: Construct, machine: sfn.StateMachine) -> None:
    events.Rule(scope, "OrderPlaced",
                event_pattern=events.EventPattern(source=["shop.orders"], detail_type=["OrderPlaced"]),
                targets=[targets.SfnStateMachine(machine)])


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        # fix:start
        enrich_order = sfn.StateMachine(
            self, "EnrichOrder",
            definition_body=sfn.DefinitionBody.from_chainable(sfn.Pass(self, "Enrich")),
            # short and started per event: billed by duration, not per state transition
            state_machine_type=sfn.StateMachineType.EXPRESS,
        )
        # fix:end
        start_on_each_order(self, enrich_order)


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        enrich_order = sfn.StateMachine(self, "EnrichOrder",
                                        definition_body=sfn.DefinitionBody.from_chainable(sfn.Pass(self, "Enrich")))
        start_on_each_order(self, enrich_order)
