from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource, as_bool, as_list, as_str, is_unknown


class DeploymentWithoutRollbackAlarms(Rule):
    """Lambda canary or linear deployment without rollback alarms

    ## What it does
    Flags CodeDeploy deployment groups of `Lambda` applications (SAM: `DeploymentPreference`)
    with no `AlarmConfiguration.Alarms`, or with `AlarmConfiguration.Enabled: false`, unless
    they deploy `AllAtOnce`.

    ## Why it matters
    The Serverless Lens asks you to *use a rollout deployment mechanism* (OPS 2) that rolls back
    automatically when the new version misbehaves. CodeDeploy only stops a canary or linear
    traffic shift when one of its alarms fires (or a hook fails): without alarms, it shifts all
    traffic on schedule even while the new version fails every request it gets.

    ## How to fix
    Add `Alarms` to the SAM `DeploymentPreference` (or `AlarmConfiguration: {Enabled: true,
    Alarms: [{Name: !Ref AliasErrors}]}` to the deployment group): alarms on the alias's
    `Errors` (dimensions `FunctionName` and `Resource: <function>:<alias>`) and on the API's
    5XX errors.

    ## When to ignore
    Deployments validated by a `PreTraffic`/`PostTraffic` hook that tests the new version can
    ignore this rule with a reason.
    """

    id = "LAM105"
    name = "deployment-without-rollback-alarms"
    severity = Severity.LOW
    practice = Practices.OPS2_ROLLOUT
    services = (Service.LAMBDA, Service.CODEDEPLOY)
    resource_types = ("AWS::CodeDeploy::DeploymentGroup",)
    fix = {
        "SAM": "MyFunction:\n  Type: AWS::Serverless::Function\n  Properties:\n    AutoPublishAlias: live\n"
               "    DeploymentPreference:\n      Type: Canary10Percent5Minutes\n"
               "      Alarms: [!Ref MyAliasErrors]\n",
        "CloudFormation": "MyDeploymentGroup:\n  Type: AWS::CodeDeploy::DeploymentGroup\n  Properties:\n"
                          "    AlarmConfiguration:\n      Enabled: true\n"
                          "      Alarms: [{Name: !Ref MyAliasErrors}]\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        app = graph.resolve(resource.prop("ApplicationName"))
        if app is None or as_str(app.prop("ComputePlatform")) != "Lambda":
            return
        config = as_str(resource.prop("DeploymentConfigName")) or ""
        if config.endswith("AllAtOnce") or is_unknown(resource.prop("DeploymentConfigName")):
            return
        alarms = resource.prop("AlarmConfiguration", "Alarms")
        enabled = resource.prop("AlarmConfiguration", "Enabled")
        if is_unknown(alarms) or is_unknown(enabled):
            return
        label = resource.origin.logical_id if resource.generated else resource.logical_id
        # a group generated from a SAM function: report on its DeploymentPreference
        where = ("DeploymentPreference",) if resource.generated else ("AlarmConfiguration",)
        if not as_list(alarms):
            yield self.violation(resource, f"{config or 'the'} deployment of {label} has no rollback alarms: "
                                           "traffic shifts to a failing version on schedule", *where)
        elif as_bool(enabled) is False:
            yield self.violation(resource, f"deployment of {label} has its rollback alarms disabled",
                                 *where, "Enabled")
