import re
from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Composite, Graph, PropertyPath, Resource, Value

#: an ARN or an SQS queue URL with a literal account id
_ACCOUNT = re.compile(r"arn:[a-z-]+:([a-z0-9-]+):[a-z0-9-]*:(\d{12}):"
                      r"|https://sqs\.[a-z0-9-]+\.amazonaws\.com/(\d{12})/")
#: keys whose values name other accounts on purpose (cross-account grants)
_FOREIGN_KEYS = ("Principal", "NotPrincipal", "SourceAccount", "AllowedPrincipals", "Layers")


def literal_accounts(value: Value, path: PropertyPath = ()) -> Iterator[tuple[PropertyPath, str]]:
    """(property path, account id) of every literal account id in an ARN or queue URL inside ``value``."""
    if isinstance(value, str | Composite):
        # variable parts (``${AWS::Region}``) read as a placeholder word
        text = value if isinstance(value, str) else \
            "".join(p if isinstance(p, str) else "x" for p in value.parts)
        for match in _ACCOUNT.finditer(text):
            if match.group(1) == "lambda" and ":layer:" in text[match.start():]:
                continue
            yield path, match.group(2) or match.group(3)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in _FOREIGN_KEYS:
                yield from literal_accounts(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from literal_accounts(item, (*path, index))


class HardCodedAccountId(Rule):
    """Literal account id in an ARN or queue URL

    ## What it does
    Flags functions, event source mappings, permissions, roles, policies, state machines,
    rules, schedules, subscriptions, pipes and API integrations whose properties contain an
    ARN or an SQS queue URL with a literal 12-digit account id. Principals (cross-account grants
    name other accounts on purpose) and layer ARNs (public layers are published from their
    vendor's account) are not judged. One finding per resource, on the first occurrence.

    ## Why it matters
    The Serverless Lens asks you to *use infrastructure as code and stages isolated in separate
    environments* (OPS 2), ideally one account per stage. A template that writes its own
    account id (`arn:aws:dynamodb:us-east-1:123456789012:table/orders`) only deploys to that
    account: the test stage in another account either fails or, worse, reaches into the
    production account's resources.

    ## How to fix
    Use `!GetAtt`/`!Ref` for resources of the template, and `!Sub
    arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:name` or a parameter for the
    others.

    ## When to ignore
    ARNs of resources that really live in another account (a central event bus, a shared
    KMS key) can ignore this rule with a reason, or better take them from a parameter.
    """

    id = "CFN102"
    name = "hard-coded-account-id"
    severity = Severity.LOW
    practice = Practices.OPS2_IAC_STAGES
    services = (Service.CLOUDFORMATION,)
    resource_types = (
        "AWS::Lambda::Function", "AWS::Lambda::EventSourceMapping", "AWS::Lambda::Permission",
        "AWS::Lambda::EventInvokeConfig", "AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy",
        "AWS::StepFunctions::StateMachine", "AWS::Events::Rule", "AWS::Scheduler::Schedule",
        "AWS::SNS::Subscription", "AWS::Pipes::Pipe", "AWS::ApiGateway::Method", "AWS::ApiGateway::RestApi",
        "AWS::ApiGatewayV2::Integration", "AWS::AppSync::DataSource", "AWS::Logs::SubscriptionFilter",
    )
    templates_only = True
    fix = {
        "SAM": (
            "MyFunction:\n"
            "  Type: AWS::Serverless::Function\n"
            "  Properties:\n"
            "    Environment:\n"
            "      Variables:\n"
            "        QUEUE_URL: !Sub https://sqs.${AWS::Region}.amazonaws.com/${AWS::AccountId}/orders\n"
        ),
        "CloudFormation": (
            "Handler:\n"
            "  Type: AWS::Lambda::Function\n"
            "  Properties:\n"
            "    Role: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:role/handler\n"
            "Policy:\n"
            "  Type: AWS::IAM::Policy\n"
            "  Properties:\n"
            "    PolicyDocument:\n"
            "      Statement:\n"
            "        - Effect: Allow\n"
            "          Action: dynamodb:GetItem\n"
            "          Resource: !Sub arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/orders\n"
        ),
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        found = list(literal_accounts(dict(resource.properties)))
        if found:
            path, account = found[0]
            where = ".".join(map(str, path))
            more = f" and {len(found) - 1} more place(s)" if len(found) > 1 else ""
            yield self.violation(resource, f"{resource.logical_id} names account {account} literally in "
                                           f"{where}{more}: the template only deploys to that account", *path)
