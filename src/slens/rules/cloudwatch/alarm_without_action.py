from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource, as_str, text_of
from slens.model.alarms import has_action

#: resources that act on an alarm's state themselves
_USERS = ("AWS::CloudWatch::CompositeAlarm", "AWS::CodeDeploy::DeploymentGroup", "AWS::Route53::HealthCheck")


class AlarmWithoutAction(Rule):
    """CloudWatch alarm that notifies nobody

    ## What it does
    Flags `AWS::CloudWatch::Alarm` and `AWS::CloudWatch::CompositeAlarm` resources with no
    `AlarmActions` entry, or with `ActionsEnabled: false`. Alarms that another resource acts
    on are skipped: those named by a composite alarm's `AlarmRule`, a CodeDeploy deployment
    group (SAM `DeploymentPreference.Alarms`, which roll a deployment back) or a Route 53
    health check.

    ## Why it matters
    The Serverless Lens asks you to *understand, analyze, and alert on metrics provided out of
    the box* (OPS 1): an alarm is only an alert when it reaches someone. Without an action it
    changes colour in the console while the incident goes on.

    ## How to fix
    Add `AlarmActions: [!Ref AlarmTopic]` (an SNS topic with a subscription, an incident
    manager response plan, or an auto scaling policy), and usually `OKActions` too.

    ## When to ignore
    Alarms that only feed a dashboard, or that an EventBridge rule on `CloudWatch Alarm State
    Change` events routes, can ignore this rule with a reason.
    """

    id = "CWA101"
    name = "alarm-without-action"
    severity = Severity.LOW
    practice = Practices.OPS1_METRICS_ALARMS
    services = (Service.CLOUDWATCH,)
    resource_types = ("AWS::CloudWatch::Alarm", "AWS::CloudWatch::CompositeAlarm")
    equivalents = ("cdk-nag:CloudWatchAlarmAction", "checkov:CKV_AWS_319")
    fix = {
        "SAM": (
            "MyAlarm:\n"
            "  Type: AWS::CloudWatch::Alarm\n"
            "  Properties:\n"
            "    ActionsEnabled: true\n"
            "    AlarmActions: [!Ref AlarmTopic]\n"
        ),
        "CloudFormation": (
            "MyAlarm:\n"
            "  Type: AWS::CloudWatch::Alarm\n"
            "  Properties:\n"
            "    ActionsEnabled: true\n"
            "    AlarmActions: [!Ref AlarmTopic]\n"
        ),
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        acts = has_action(resource)
        if acts is not False or self._used(resource, graph):
            return
        if resource.bool_prop("ActionsEnabled") is False:
            yield self.violation(resource, f"alarm {resource.logical_id} has its actions disabled "
                                           "(ActionsEnabled: false)", "ActionsEnabled")
        else:
            yield self.violation(resource, f"alarm {resource.logical_id} has no AlarmActions: nobody is "
                                           "notified when it fires", "AlarmActions")

    @staticmethod
    def _used(alarm: Resource, graph: Graph) -> bool:
        if graph.referrers(alarm, _USERS):
            return True
        name = as_str(alarm.prop("AlarmName"))
        if not name:
            return False
        rules = [text_of(c.prop("AlarmRule")) or "" for c in graph.of_type("AWS::CloudWatch::CompositeAlarm")]
        return any(f"({name})" in rule or f'("{name}")' in rule for rule in rules)
