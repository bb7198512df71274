from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Composite, Graph, Resource, Unknown, as_str

#: resource type -> the property that names it, for names that must be unique in an account and region
NAME_KEYS = {
    "AWS::Lambda::Function": "FunctionName",
    "AWS::DynamoDB::Table": "TableName",
    "AWS::SQS::Queue": "QueueName",
    "AWS::SNS::Topic": "TopicName",
    "AWS::S3::Bucket": "BucketName",
    "AWS::StepFunctions::StateMachine": "StateMachineName",
    "AWS::IAM::Role": "RoleName",
    "AWS::IAM::ManagedPolicy": "ManagedPolicyName",
    "AWS::Logs::LogGroup": "LogGroupName",
    "AWS::Kinesis::Stream": "Name",
    "AWS::Events::EventBus": "Name",
    "AWS::SecretsManager::Secret": "Name",
    "AWS::SSM::Parameter": "Name",
    "AWS::KMS::Alias": "AliasName",
    "AWS::CloudWatch::Alarm": "AlarmName",
    "AWS::Scheduler::Schedule": "Name",
}
#: pseudo parameters that are the same for two stages deployed in one account and region
_FIXED = ("AWS::AccountId", "AWS::Region", "AWS::Partition", "AWS::URLSuffix")


class HardCodedPhysicalName(Rule):
    """Resource with a hard-coded physical name

    ## What it does
    Flags functions, tables, queues, topics, buckets, state machines, roles, managed policies,
    log groups, streams, event buses, secrets, parameters, KMS aliases, alarms and schedules
    whose name property (`FunctionName`, `TableName`, `QueueName`, ...) is a literal string, or
    a string whose only variable parts are the account id and region. A name built from
    `${AWS::StackName}`, a parameter (including one with a default), another resource or a
    condition is fine. API Gateway, AppSync and Cognito names are not judged: they need not be
    unique.

    ## Why it matters
    The Serverless Lens asks you to *use infrastructure as code and stages isolated in separate
    environments* (OPS 2). A fixed name exists once per account and region (once worldwide for
    buckets), so a second stage, a feature-branch stack or a second copy of the application
    cannot be deployed beside the first, and CloudFormation cannot replace the resource when a
    property change requires it ("cannot update a stack when a custom-named resource requires
    replacing").

    ## How to fix
    Remove the name and let CloudFormation generate one (pass it to code through environment
    variables or outputs), or build it from the stack or a stage parameter:
    `FunctionName: !Sub ${AWS::StackName}-orders`.

    ## When to ignore
    Names that other systems must know in advance (a bucket named in a partner's policy, a
    shared parameter path) can ignore this rule with a reason.
    """

    id = "CFN101"
    name = "hard-coded-physical-name"
    severity = Severity.LOW
    practice = Practices.OPS2_IAC_STAGES
    services = (Service.CLOUDFORMATION,)
    resource_types = tuple(NAME_KEYS)
    templates_only = True
    fix = {
        "SAM": (
            "MyFunction:\n"
            "  Type: AWS::Serverless::Function\n"
            "  Properties:\n"
            "    FunctionName: !Sub ${AWS::StackName}-orders-handler\n"
            "MyTable:\n"
            "  Type: AWS::Serverless::SimpleTable\n"
            "  Properties:\n"
            "    TableName: !Sub ${AWS::StackName}-orders\n"
            "# or leave the name out: CloudFormation then makes one up\n"
        ),
        "CloudFormation": (
            "OrdersTable:\n"
            "  Type: AWS::DynamoDB::Table\n"
            "  Properties:\n"
            "    TableName: !Sub ${AWS::StackName}-orders\n"
            "Uploads:\n"
            "  Type: AWS::S3::Bucket\n"
            "  Properties:\n"
            "    BucketName: !Sub ${AWS::StackName}-uploads-${AWS::AccountId}-${AWS::Region}\n"
            "Jobs:\n"
            "  Type: AWS::SQS::Queue\n"
            "  Properties:\n"
            "    QueueName: !Sub ${AWS::StackName}-jobs.fifo\n"
            "# or leave the name out: CloudFormation then makes one up\n"
        ),
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        key = NAME_KEYS[resource.type]
        value = resource.prop(key)
        if value is None or not self._fixed(value) or self._from_parameter(value, graph):
            return
        shown = as_str(value) or "".join(p if isinstance(p, str) else f"${{{getattr(p, 'reason', '...')}}}"
                                         for p in (value.parts if isinstance(value, Composite) else ()))
        scope = "any account" if resource.type == "AWS::S3::Bucket" and isinstance(value, str) \
            else "the same account and region"
        yield self.violation(resource, f"{resource.logical_id} has the fixed {key} '{shown}': a second stage "
                                       f"or copy of this stack cannot be deployed in {scope}", key)

    @staticmethod
    def _fixed(value: object) -> bool:
        if isinstance(value, str):
            return True
        if isinstance(value, Composite):
            return all(isinstance(p, str) or (isinstance(p, Unknown) and p.reason in _FIXED and not p.refs)
                       for p in value.parts)
        return False

    @staticmethod
    def _from_parameter(value: object, graph: Graph) -> bool:
        """Parameters with defaults arrive resolved: a name containing a default came from a parameter."""
        text = as_str(value) or (value.literal if isinstance(value, Composite) else "")
        for parameter in graph.parameters.values():
            default = as_str(parameter.get("Default")) if isinstance(parameter, dict) else None
            if default and default in text:
                return True
        return False
