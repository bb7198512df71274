"""A stage holding a stack with a nested stack, and a custom resource behind the provider framework.

``Stage`` makes a nested cloud assembly (``assembly-Prod``); ``NestedStack`` a
``*.nested.template.json`` asset; ``custom_resources.Provider`` the framework-onEvent function.
"""

from __future__ import annotations

from aws_cdk import App, CustomResource, NestedStack, Stack, Stage
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subs
from aws_cdk import custom_resources as cr
from constructs import Construct

HANDLER = "def handler(event, context):\n    return {}\n"


class EventsNestedStack(NestedStack):
    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        topic = sns.Topic(self, "Alerts")
        notify = lambda_.Function(self, "Notify", runtime=lambda_.Runtime.PYTHON_3_12, handler="index.handler",
                                  code=lambda_.Code.from_inline(HANDLER))
        topic.add_subscription(subs.LambdaSubscription(notify))


class PlatformStack(Stack):
    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        dynamodb.Table(self, "Items", partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
                       billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST)
        EventsNestedStack(self, "Events")
        seed = lambda_.Function(self, "SeedHandler", runtime=lambda_.Runtime.PYTHON_3_12, handler="index.handler",
                                code=lambda_.Code.from_inline(HANDLER), tracing=lambda_.Tracing.ACTIVE)
        provider = cr.Provider(self, "SeedProvider", on_event_handler=seed)
        CustomResource(self, "Seed", service_token=provider.service_token)


class ProdStage(Stage):
    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        PlatformStack(self, "Platform")


def build(outdir: str, context: dict[str, object]) -> None:
    app = App(outdir=outdir, context=context)
    PlatformStack(app, "Dev")
    ProdStage(app, "Prod")
    app.synth()
