from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource, as_str

#: services whose callers wait for the answer: a bad version fails their requests at once
_SYNC_SERVICES = ("apigateway", "lambda-url", "appsync", "elasticloadbalancing")
_GROUP = "AWS::CodeDeploy::DeploymentGroup"


class FunctionWithoutSafeDeployment(Rule):
    """API-facing Lambda function deployed all at once, without an alias and CodeDeploy

    ## What it does
    Flags functions invoked synchronously by an API Gateway API, a function URL, AppSync or a
    load balancer when they have no alias shifted by a CodeDeploy deployment group (SAM:
    `AutoPublishAlias` with `DeploymentPreference`). In plain CloudFormation an alias of the
    function plus a deployment group of a `Lambda` CodeDeploy application counts (the link is the
    alias's `UpdatePolicy`).

    ## Why it matters
    The Serverless Lens asks you to *use a rollout deployment mechanism* (OPS 2): shift traffic
    to a new version gradually (canary or linear) and roll back automatically on alarms. When
    the function itself is updated in place, every request hits the new code at once and a bad
    release fails all callers until someone redeploys the previous one.

    ## How to fix
    In SAM, add `AutoPublishAlias: live` and `DeploymentPreference: {Type:
    Canary10Percent5Minutes, Alarms: [...]}` (or under `Globals.Function`). In CloudFormation,
    add an `AWS::Lambda::Alias` with an `UpdatePolicy.CodeDeployLambdaAliasUpdate` naming a
    deployment group, and point the API at the alias.

    ## When to ignore
    Functions released by another mechanism (feature flags, AppConfig, weighted aliases driven
    by a pipeline) and internal or test APIs can ignore this rule with a reason.
    """

    id = "LAM103"
    name = "function-without-safe-deployment"
    severity = Severity.LOW
    opt_in = True
    practice = Practices.OPS2_ROLLOUT
    services = (Service.LAMBDA, Service.CODEDEPLOY)
    resource_types = ("AWS::Lambda::Function",)
    fix = {
        "SAM": (
            "MyFunction:\n"
            "  Type: AWS::Serverless::Function\n"
            "  Properties:\n"
            "    AutoPublishAlias: live\n"
            "    DeploymentPreference:\n"
            "      Type: Canary10Percent5Minutes\n"
            "      Alarms: [!Ref MyAliasErrors]\n"
        ),
        "CloudFormation": (
            "MyVersion:\n"
            "  Type: AWS::Lambda::Version\n"
            "  Properties:\n"
            "    FunctionName: !Ref MyFunction\n"
            "MyAlias:\n"
            "  Type: AWS::Lambda::Alias\n"
            "  UpdatePolicy:\n"
            "    CodeDeployLambdaAliasUpdate:\n"
            "      ApplicationName: !Ref MyApplication\n"
            "      DeploymentGroupName: !Ref MyDeploymentGroup\n"
            "  Properties:\n"
            "    FunctionName: !Ref MyFunction\n"
            "    FunctionVersion: !GetAtt MyVersion.Version\n"
            "    Name: live\n"
            "MyApplication:\n"
            "  Type: AWS::CodeDeploy::Application\n"
            "  Properties:\n"
            "    ComputePlatform: Lambda\n"
            "MyDeploymentGroup:\n"
            "  Type: AWS::CodeDeploy::DeploymentGroup\n"
            "  Properties:\n"
            "    ApplicationName: !Ref MyApplication\n"
            "    ServiceRoleArn: !GetAtt CodeDeployRole.Arn\n"
            "    DeploymentConfigName: CodeDeployDefault.LambdaCanary10Percent5Minutes\n"
            "    DeploymentStyle: {DeploymentType: BLUE_GREEN, DeploymentOption: WITH_TRAFFIC_CONTROL}\n"
            "MyFunctionUrl:  # callers (a URL, an API, an event source) call the alias\n"
            "  Type: AWS::Lambda::Url\n"
            "  Properties:\n"
            "    TargetFunctionArn: !Ref MyAlias\n"
        ),
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        callers = sorted({t.source.logical_id for t in graph.triggers(resource)
                          if t.source is not None and t.service in _SYNC_SERVICES})
        if not callers:
            return
        aliases = graph.referrers(resource, ("AWS::Lambda::Alias",))
        if aliases and self._deployment_group(resource, graph):
            return
        detail = "its alias has no CodeDeploy deployment group" if aliases else "it has no alias"
        yield self.violation(resource, f"function {resource.logical_id} (called by {', '.join(callers)}) "
                                       f"gets each new version all at once: {detail} to shift traffic "
                                       "gradually")

    @staticmethod
    def _deployment_group(fn: Resource, graph: Graph) -> bool:
        for group in graph.of_type(_GROUP):
            if group.generated and group.origin.logical_id == fn.origin.logical_id:
                return True  # SAM DeploymentPreference
            app = graph.resolve(group.prop("ApplicationName"))
            if not group.generated and app is not None and as_str(app.prop("ComputePlatform")) == "Lambda":
                return True
        return False
