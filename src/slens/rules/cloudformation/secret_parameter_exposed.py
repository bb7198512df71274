from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource, as_str
from slens.model.secrets import is_secret_name, mask, no_echo, parameters_in, secret_parameter_defaults

# Resources that commonly take a secret from a template parameter.
_CONSUMERS = (
    "AWS::Lambda::Function", "AWS::StepFunctions::StateMachine", "AWS::SecretsManager::Secret",
    "AWS::SSM::Parameter", "AWS::Events::Connection", "AWS::ApiGateway::ApiKey", "AWS::RDS::DBInstance",
    "AWS::RDS::DBCluster", "AWS::DocDB::DBCluster", "AWS::Redshift::Cluster", "AWS::ElastiCache::ReplicationGroup",
    "AWS::AmazonMQ::Broker", "AWS::ECS::TaskDefinition", "AWS::CodeBuild::Project", "AWS::Pipes::Pipe",
    "AWS::Cognito::UserPoolIdentityProvider", "AWS::OpenSearchService::Domain", "AWS::AppSync::DataSource",
    "AWS::CloudFormation::CustomResource", "AWS::ApiGateway::RestApi", "AWS::ApiGatewayV2::Api",
)


class SecretParameterExposed(Rule):
    """Secret template parameter without `NoEcho`, or with a secret default

    ## What it does
    Flags template parameters that a resource uses when they hold a secret and show it: a
    parameter with a secret name (`DbPassword`, `ApiToken`) and no `NoEcho: true`, or a
    parameter whose `Default` is a secret (by its name, or a value that looks like a key).
    The finding lands where the secret flows into a resource; the default is masked.

    ## Why it matters
    The Serverless Lens asks you to *store secrets that are used in your code securely*
    (SEC 3). Without `NoEcho`, CloudFormation shows the value in the console, in
    `DescribeStacks` and in events; a default is written in the template and so in the
    repository, whatever `NoEcho` says.

    ## How to fix
    Keep the secret in AWS Secrets Manager and pass its ARN (or use a
    `{{resolve:secretsmanager:…}}` dynamic reference where the resource needs the value).
    If a parameter must carry it, set `NoEcho: true` and remove the `Default`.

    ## When to ignore
    Parameters whose name only sounds secret (a token *name*, a key *alias*) can ignore
    this rule with a reason.
    """

    id = "CFN201"
    name = "secret-parameter-exposed"
    severity = Severity.MEDIUM
    practice = Practices.SEC3_SECRETS
    services = (Service.CLOUDFORMATION,)
    resource_types = _CONSUMERS
    equivalents = ("cfn-lint:W2501",)
    templates_only = True
    fix = {
        "SAM": "Parameters:\n  DbPassword:\n    Type: String\n    NoEcho: true\n",
        "CloudFormation": "Parameters:\n  DbPassword:\n    Type: String\n    NoEcho: true\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        seen: set[str] = set()
        for parameter, path in parameters_in(resource.properties):
            if parameter in seen or not is_secret_name(parameter) or no_echo(graph.parameters.get(parameter)):
                continue
            seen.add(parameter)
            yield self.violation(resource, f"parameter {parameter} holds a secret but has no NoEcho: true "
                                           f"(used by {resource.logical_id}): CloudFormation shows its value",
                                 *path)
        defaults = secret_parameter_defaults(graph)
        if defaults:
            yield from self._defaults(resource, defaults, seen)

    def _defaults(self, resource: Resource, defaults: dict[str, str], seen: set[str]) -> Iterator[Violation]:
        stack: list[tuple[object, tuple[str | int, ...]]] = [(resource.properties, ())]
        while stack:
            value, path = stack.pop()
            if isinstance(value, dict):
                stack.extend((v, (*path, k)) for k, v in value.items())
            elif isinstance(value, list):
                stack.extend((v, (*path, i)) for i, v in enumerate(value))
            elif (text := as_str(value)) in defaults and text is not None and defaults[text] not in seen:
                seen.add(defaults[text])
                yield self.violation(resource, f"parameter {defaults[text]} has a secret Default ({mask(text)}) "
                                               f"written in the template (used by {resource.logical_id})", *path)
