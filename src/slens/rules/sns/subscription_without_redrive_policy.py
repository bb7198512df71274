from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource, Value, as_str, lookup, text_of


class SubscriptionWithoutRedrivePolicy(Rule):
    """SNS subscription without a dead-letter queue (redrive policy)

    ## What it does
    Flags `AWS::SNS::Subscription` resources without `RedrivePolicy`, including the
    subscriptions SAM generates for `SNS` function events (SAM: `RedrivePolicy` on the
    event). Also flags subscriptions declared inline in a topic's `Subscription` list,
    which cannot carry a redrive policy at all.

    ## Why it matters
    The Serverless Lens asks you to *manage transaction, partial, and intermittent
    failures* (REL 2). When SNS cannot deliver a message to a subscriber (a deleted or
    throttled function, a queue policy that refuses it, an unreachable endpoint), it retries
    according to the delivery policy and then discards the message. A redrive policy keeps
    those messages in a dead-letter queue, where they can be alarmed on and replayed.

    ## How to fix
    Add `RedrivePolicy: {deadLetterTargetArn: <queue ARN>}` to the subscription (SAM: to
    the `SNS` event), with a queue policy letting `sns.amazonaws.com` send to the queue.
    Replace inline topic subscriptions with `AWS::SNS::Subscription` resources.

    ## When to ignore
    Subscriptions whose messages can be lost without harm (a best-effort notification
    e-mail) can ignore this rule with a reason.
    """

    id = "SNS001"
    name = "subscription-without-redrive-policy"
    severity = Severity.MEDIUM
    practice = Practices.REL2_FAILURES
    services = (Service.SNS,)
    resource_types = ("AWS::SNS::Subscription", "AWS::SNS::Topic")
    equivalents = ("serverless-rules:ES7000", "cdk-nag:Serverless-SNSRedrivePolicy")
    fix = {
        "SAM": "MyFunction:\n  Type: AWS::Serverless::Function\n  Properties:\n    Events:\n"
               "      Upload:\n        Type: SNS\n        Properties:\n          Topic: !Ref MyTopic\n"
               "          RedrivePolicy:\n"
               "            deadLetterTargetArn: !GetAtt MyDeadLetterQueue.Arn\n",
        "CloudFormation": "MySubscription:\n  Type: AWS::SNS::Subscription\n  Properties:\n"
                          "    TopicArn: !Ref MyTopic\n    Protocol: lambda\n"
                          "    Endpoint: !GetAtt MyFunction.Arn\n"
                          "    RedrivePolicy:\n      deadLetterTargetArn: !GetAtt MyDeadLetterQueue.Arn\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        if resource.type == "AWS::SNS::Topic":
            yield from self._inline(resource, graph)
        elif not resource.has("RedrivePolicy"):
            protocol = as_str(resource.prop("Protocol")) or "?"
            endpoint = self._name(resource.prop("Endpoint"), graph)
            topic = self._name(resource.prop("TopicArn"), graph)
            yield self.violation(resource, f"subscription {resource.logical_id} ({protocol} {endpoint} to "
                                           f"topic {topic}) has no RedrivePolicy: messages SNS cannot "
                                           "deliver are discarded", "RedrivePolicy")

    def _inline(self, topic: Resource, graph: Graph) -> Iterator[Violation]:
        subscriptions = topic.prop("Subscription")
        for index, item in enumerate(subscriptions if isinstance(subscriptions, list) else []):
            if not isinstance(item, dict):
                continue
            protocol = as_str(lookup(item, ("Protocol",))) or "?"
            endpoint = self._name(lookup(item, ("Endpoint",)), graph)
            yield self.violation(topic, f"topic {topic.logical_id} subscribes {protocol} {endpoint} inline, "
                                        "which cannot have a RedrivePolicy: use an AWS::SNS::Subscription "
                                        "resource with one", "Subscription", index)

    @staticmethod
    def _name(value: Value, graph: Graph) -> str:
        target = graph.resolve(value)
        return target.logical_id if target is not None else text_of(value) or "?"
