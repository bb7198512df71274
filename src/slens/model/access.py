"""What roles, functions and resource policies touch, and the secrets templates expose.

Plain functions over the graph, in CloudFormation vocabulary: read vs write actions per
service, the resources a function is wired to, the API routes a function serves, the SAM
policy templates that fit a narrower grant, secret-looking names and values (always masked
before they reach a message), and the statements of resource policies.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from slens.model.apis import Route
from slens.model.graph import Graph
from slens.model.iam import Statement, policy_statements
from slens.model.relations import FUNCTION
from slens.model.resources import Resource
from slens.model.values import (
    Composite,
    PropertyPath,
    Ref,
    Unknown,
    Value,
    as_bool,
    as_list,
    as_mapping,
    as_str,
    lookup,
    refs_in,
    text_of,
)

# -- actions ----------------------------------------------------------------------------

#: verbs of actions that only read (``dynamodb:GetItem``, ``s3:ListBucket``, ``dynamodb:Get*``)
_READ_VERBS = ("get", "list", "describe", "query", "scan", "batchget", "head", "select", "conditioncheck",
               "search", "lookup", "filter", "view", "check", "read", "receive", "validate", "test")
#: services whose actions are plumbing every function needs, not application data
PLUMBING_SERVICES = frozenset({"logs", "xray", "cloudwatch", "ec2", "kms", "sts"})
#: queue consumption actions: a function that polls a queue "writes" these to its own trigger
_CONSUMER_ACTIONS = frozenset({"sqs:deletemessage", "sqs:deletemessagebatch", "sqs:changemessagevisibility",
                               "sqs:changemessagevisibilitybatch"})


def service_of(action: str) -> str:
    return action.split(":", 1)[0] if ":" in action else "*"


def is_read_action(action: str) -> bool:
    """True for actions that only read; wildcards that cover writes (``dynamodb:*``) are not reads."""
    if ":" not in action:
        return False
    verb = action.split(":", 1)[1].lower()
    return bool(verb) and verb != "*" and verb.startswith(_READ_VERBS)


def write_actions(statement: Statement) -> tuple[str, ...]:
    """The actions of an Allow statement that can change data (every action for ``NotAction``)."""
    if not statement.allows:
        return ()
    if statement.not_action:
        return ("*",)
    return tuple(a for a in statement.actions if not is_read_action(a))


def written_services(statements: list[Statement]) -> dict[str, list[str]]:
    """Services an identity can write to (plumbing and queue consumption left out) -> actions."""
    found: dict[str, list[str]] = {}
    for statement in statements:
        for action in write_actions(statement):
            service = service_of(action)
            if service in PLUMBING_SERVICES or action in _CONSUMER_ACTIONS or service == "*":
                continue
            found.setdefault(service, []).append(action)
    return found


#: narrower SAM policy templates for a function that only reads a resource of this type
READ_POLICY_TEMPLATES: Mapping[str, str] = {
    "AWS::DynamoDB::Table": "DynamoDBReadPolicy",
    "AWS::DynamoDB::GlobalTable": "DynamoDBReadPolicy",
    "AWS::S3::Bucket": "S3ReadPolicy",
}
#: the SAM policy templates that grant writes on those types, to name what is being replaced
WRITE_POLICY_TEMPLATES: Mapping[str, str] = {
    "AWS::DynamoDB::Table": "DynamoDBCrudPolicy/DynamoDBWritePolicy",
    "AWS::DynamoDB::GlobalTable": "DynamoDBCrudPolicy/DynamoDBWritePolicy",
    "AWS::S3::Bucket": "S3CrudPolicy/S3WritePolicy",
}

#: AWS managed policies that grant everything, or everything of a service
_ADMIN_POLICIES = frozenset({"administratoraccess", "poweruseraccess", "iamfullaccess",
                             "amazonapigatewayadministrator", "secretsmanagerreadwrite"})


def managed_policy_arns(role: Resource) -> list[tuple[int, str]]:
    """(index, policy name) of every AWS managed policy attached by ARN, ``Fn::Sub`` ARNs included."""
    out: list[tuple[int, str]] = []
    for index, arn in enumerate(as_list(role.prop("ManagedPolicyArns"))):
        text = text_of(arn)
        if text and ":iam::aws:policy/" in text:
            out.append((index, text.rsplit("/", 1)[-1]))
    return out


def is_admin_policy(name: str) -> bool:
    lowered = name.lower()
    return lowered in _ADMIN_POLICIES or lowered.endswith("fullaccess")


# -- wiring -----------------------------------------------------------------------------

_NAME_KEYS = ("TableName", "BucketName", "QueueName", "TopicName", "FunctionName", "StateMachineName",
              "Name", "StreamName", "LogGroupName", "EventBusName", "SecretName")
_NOT_WIRING = ("AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::Lambda::Permission",
               "AWS::CloudWatch::Alarm")


def physical_name(resource: Resource) -> str | None:
    for key in _NAME_KEYS:
        name = as_str(resource.prop(key))
        if name:
            return name
    return None


def _strings(value: object) -> Iterator[str]:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, Composite):
            yield item.literal
        elif isinstance(item, Mapping):
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)


def wired_resources(function: Resource, graph: Graph) -> set[str]:
    """Logical ids of what ``function`` can know about and so may need access to.

    Everything its properties refer to (environment variables included), its triggers, failure
    destinations and log groups, whatever refers to it (a state machine, a rule's input, a
    custom resource passes names in its events) and what those refer to, plus one hop further
    (the KMS key of a table, the table an SSM parameter names). Resources whose fixed physical
    name appears in the function's properties count too.
    """
    first: set[str] = {function.logical_id}
    first.update(ref.target for ref in refs_in(function.properties))
    first.update(t.source.logical_id for t in graph.triggers(function) if t.source is not None)
    first.update(e.target.logical_id for e in graph.failure_targets(function))
    for config in graph.invoke_configs(function):
        first.update(ref.target for ref in refs_in(config.properties))
    first.update(g.logical_id for g in graph.log_groups_of(function))
    texts = set(_strings(function.properties))
    for referrer in graph.referrers(function):
        if referrer.type in _NOT_WIRING:
            continue
        first.add(referrer.logical_id)
        first.update(ref.target for ref in refs_in(referrer.properties))
        texts.update(_strings(referrer.properties))
    wired = set(first)
    for logical_id in first:
        res = graph.resources.get(logical_id)
        if res is not None and res.type not in (FUNCTION, *_NOT_WIRING):
            wired.update(ref.target for ref in refs_in(res.properties))
    for res in graph.resources.values():
        name = physical_name(res)
        if name and res.logical_id not in wired and any(name in text for text in texts):
            wired.add(res.logical_id)
    return wired


# -- routes -----------------------------------------------------------------------------

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def route_target(route: Route, graph: Graph) -> Resource | None:
    """The function a route integrates with, if it is a function of the graph."""
    holder = route.holder
    if holder is route.api and route.holder_path[:1] == ("Body",):
        uri = lookup(holder.properties, (*route.holder_path, "x-amazon-apigateway-integration", "uri"))
        return graph.function_of(uri)
    if holder.type == "AWS::ApiGateway::Method":
        return graph.function_of(holder.prop("Integration", "Uri"))
    integration = graph.resolve(holder.prop("Target"))
    if integration is not None and integration.type == "AWS::ApiGatewayV2::Integration":
        return graph.function_of(integration.prop("IntegrationUri"))
    return None


def function_routes(function: Resource, graph: Graph) -> list[Route]:
    """Routes of the graph's APIs that integrate with ``function`` (CORS preflights left out)."""
    routes: list[Route] = []
    seen: set[str] = set()
    for trigger in graph.triggers(function):
        api = trigger.source
        if api is None or api.type not in ("AWS::ApiGateway::RestApi", "AWS::ApiGatewayV2::Api") \
                or api.logical_id in seen:
            continue
        seen.add(api.logical_id)
        routes.extend(r for r in graph.routes(api) if not r.is_preflight and route_target(r, graph) is function)
    return routes


# -- secrets ----------------------------------------------------------------------------

_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
_SECRET_WORDS = frozenset({"PASSWORD", "PASSWD", "PWD", "SECRET", "SECRETS", "TOKEN", "APIKEY", "PASSPHRASE",
                           "CREDENTIAL", "CREDENTIALS", "PRIVATEKEY", "SECRETKEY"})
_SECRET_PAIRS = frozenset({("API", "KEY"), ("PRIVATE", "KEY"), ("ACCESS", "KEY"), ("SIGNING", "KEY"),
                           ("ENCRYPTION", "KEY"), ("AUTH", "KEY"), ("CLIENT", "SECRET"), ("MASTER", "KEY")})
#: last words that make a name a pointer to a secret (``SECRET_ARN``) or a setting about it
_POINTER_WORDS = frozenset({"ARN", "ARNS", "NAME", "ID", "URL", "URI", "ENDPOINT", "PATH", "PARAM", "PARAMETER",
                            "TABLE", "BUCKET", "QUEUE", "TOPIC", "REGION", "TTL", "EXPIRY", "EXPIRATION",
                            "SECONDS", "MINUTES", "HOURS", "DAYS", "LENGTH", "HEADER", "FIELD", "TYPE",
                            "ALGORITHM", "FILE", "LOCATION", "PREFIX", "KEYID", "ALIAS", "ENABLED", "ENABLE",
                            "VERSION", "STAGE", "ISSUER", "AUDIENCE", "POOL", "CLIENT", "SCOPE", "SCOPES",
                            "KEYS", "SIZE", "COUNT", "LIMIT", "FORMAT", "STORE", "MODE", "RESOURCE",
                            "REQUIRED", "ROTATION", "POLICY", "SOURCE", "LOCATOR", "REF", "GROUP", "ROLE"})


def _words(name: str) -> list[str]:
    return [w.upper() for part in re.split(r"[^A-Za-z0-9]+", name) for w in _WORDS.findall(part)]


def is_secret_name(name: str) -> bool:
    """True for names that hold a secret (``DB_PASSWORD``, ``stripeApiKey``), not for ``SECRET_ARN``."""
    words = _words(name)
    if not words or words[-1] in _POINTER_WORDS:
        return False
    if any(w in _SECRET_WORDS for w in words):
        return True
    return any(pair in _SECRET_PAIRS for pair in zip(words, words[1:], strict=False))


_KEY_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(sk|rk)_(live|test)_[0-9A-Za-z]{10,}$"), "a Stripe secret key"),
    (re.compile(r"^(AKIA|ASIA)[0-9A-Z]{16}$"), "an AWS access key id"),
    (re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"), "a private key"),
    (re.compile(r"^(ghp|gho|ghu|ghs|ghr)_[0-9A-Za-z]{30,}$|^github_pat_\w{30,}$"), "a GitHub token"),
    (re.compile(r"^glpat-[0-9A-Za-z_-]{20,}$"), "a GitLab token"),
    (re.compile(r"^xox[abprs]-[0-9A-Za-z-]{10,}$"), "a Slack token"),
    (re.compile(r"^AIza[0-9A-Za-z_-]{35}$"), "a Google API key"),
    (re.compile(r"^SG\.[0-9A-Za-z_-]{16,}\.[0-9A-Za-z_-]{16,}$"), "a SendGrid API key"),
    (re.compile(r"^eyJ[0-9A-Za-z_-]{10,}\.eyJ[0-9A-Za-z_-]{10,}\.[0-9A-Za-z_-]+$"), "a JSON web token"),
    (re.compile(r"^[a-z][a-z0-9+.-]*://[^/\s:@]+:[^/\s@]+@"), "a URL with a password"),
)
_TOKEN_CHARS = re.compile(r"^[A-Za-z0-9+/=_-]{24,}$")
_PLACEHOLDERS = frozenset({"", "none", "null", "nil", "todo", "tbd", "changeme", "change-me", "placeholder",
                           "dummy", "xxx", "-", "n/a", "na", "true", "false", "yes", "no", "undefined",
                           "replace-me", "replaceme", "your-api-key", "secret", "password", "token"})
_POINTER_PREFIXES = ("arn:", "/", "{{resolve:", "ssm:", "secretsmanager:", "alias/", "${")


def _entropy(text: str) -> float:
    counts: dict[str, int] = {}
    for char in text:
        counts[char] = counts.get(char, 0) + 1
    return -sum(c / len(text) * math.log2(c / len(text)) for c in counts.values())


def secret_value_kind(value: str) -> str | None:
    """What a literal value looks like when it looks like a key (``a Stripe secret key``), else None."""
    text = value.strip()
    for pattern, kind in _KEY_PATTERNS:
        if pattern.search(text):
            return kind
    if _TOKEN_CHARS.match(text) and re.search(r"[A-Za-z]", text) and re.search(r"\d", text) \
            and re.search(r"[a-z]", text) and re.search(r"[A-Z]", text) and _entropy(text) >= 4.2:
        return "a high-entropy key"
    return None


def is_placeholder(value: str) -> bool:
    """Literal values that hold no secret even under a secret name (empty, booleans, numbers, pointers)."""
    text = value.strip()
    return (text.lower() in _PLACEHOLDERS or text.lower().startswith(_POINTER_PREFIXES)
            or re.fullmatch(r"[0-9.]+", text) is not None
            or (text.startswith(("http://", "https://")) and "@" not in text))


def mask(value: str) -> str:
    """A secret shown without its content: ``sk_l…(40 chars)``; short values show no character."""
    text = value.strip()
    return f"{text[:4]}…({len(text)} chars)" if len(text) >= 16 else f"…({len(text)} chars)"


def is_dynamic_secret(value: Value) -> bool:
    """``{{resolve:secretsmanager:...}}`` or ``{{resolve:ssm-secure:...}}``: resolved at deploy time."""
    text = text_of(value) or ""
    return "{{resolve:secretsmanager:" in text or "{{resolve:ssm-secure:" in text


#: resource attributes whose value is a secret (``!GetAtt AccessKey.SecretAccessKey``)
SECRET_ATTRIBUTES: Mapping[str, frozenset[str | None]] = {
    "AWS::IAM::AccessKey": frozenset({"SecretAccessKey", None}),
    "AWS::Cognito::UserPoolClient": frozenset({"ClientSecret"}),
    "AWS::AppSync::ApiKey": frozenset({"ApiKey"}),
    "AWS::ApiGateway::ApiKey": frozenset({"APIKeyValue"}),
}


def secret_attribute(value: Value, graph: Graph) -> tuple[Resource, str] | None:
    """The resource and attribute when ``value`` carries a secret attribute of a graph resource."""
    for ref in refs_in(value):
        target = graph.resources.get(ref.target)
        if target is not None and ref.attribute in SECRET_ATTRIBUTES.get(target.type, frozenset()):
            return target, ref.attribute or "Ref"
    return None


def parameter_of(value: Value) -> str | None:
    """The parameter (without a default) a value comes from, when it is exactly that parameter."""
    if isinstance(value, Unknown) and value.reason.startswith("parameter "):
        return value.reason[len("parameter "):]
    return None


def parameters_in(value: object) -> Iterator[tuple[str, PropertyPath]]:
    """Parameters without defaults used anywhere in ``value`` (inside ``Fn::Sub`` too), with paths."""
    stack: list[tuple[object, PropertyPath]] = [(value, ())]
    while stack:
        item, path = stack.pop()
        if isinstance(item, Unknown) and item.reason.startswith("parameter "):
            yield item.reason[len("parameter "):], path
        elif isinstance(item, Composite):
            stack.extend((p, path) for p in item.parts)
        elif isinstance(item, Mapping):
            stack.extend((v, (*path, k)) for k, v in item.items())
        elif isinstance(item, list):
            stack.extend((v, (*path, i)) for i, v in enumerate(item))


def no_echo(declaration: Value) -> bool:
    return as_bool(as_mapping(declaration).get("NoEcho")) is True


def secret_parameter_defaults(graph: Graph) -> dict[str, str]:
    """Secret-looking parameter defaults -> parameter name (secret names, or key-looking values)."""
    found: dict[str, str] = {}
    for name, declaration in graph.parameters.items():
        default = as_str(as_mapping(declaration).get("Default"))
        if default is None or is_placeholder(default) or is_dynamic_secret(default):
            continue
        if is_secret_name(name) or secret_value_kind(default):
            found[default] = name
    return found


def reads_secret(role: Resource, secret: Resource, graph: Graph) -> bool:
    """True when the role may read the secret's value (GetSecretValue on it, or on every secret)."""
    for statement in graph.statements(role):
        if not statement.allows or not any(a in ("secretsmanager:getsecretvalue", "secretsmanager:*", "*",
                                                 "secretsmanager:get*") for a in statement.actions):
            continue
        if any(ref.target == secret.logical_id for ref in statement.resource_refs):
            return True
    return False


# -- resource policies ------------------------------------------------------------------

RESOURCE_POLICY_TYPES = ("AWS::SQS::QueuePolicy", "AWS::SQS::QueueInlinePolicy", "AWS::SNS::TopicPolicy",
                         "AWS::SNS::TopicInlinePolicy", "AWS::S3::BucketPolicy", "AWS::Events::EventBusPolicy")
#: condition keys that tie a statement to an account, organisation, source resource or network
SCOPING_KEYS = frozenset(k.lower() for k in (
    "aws:SourceArn", "aws:SourceAccount", "aws:SourceOwner", "aws:PrincipalOrgID", "aws:PrincipalOrgPaths",
    "aws:PrincipalAccount", "aws:PrincipalArn", "aws:SourceVpc", "aws:SourceVpce", "aws:SourceIp",
    "aws:userid", "aws:username", "aws:SourceOrgID", "aws:SourceOrgPaths", "aws:PrincipalServiceName",
    "aws:ResourceAccount", "aws:ResourceOrgID"))


@dataclass(frozen=True)
class PolicyGrant:
    """One Allow statement of a resource policy, with its principals split by kind."""

    statement: Statement
    everyone: bool
    services: tuple[str, ...]


def condition_keys(condition: Value) -> set[str] | None:
    """Lower-cased condition keys of a statement; None when the condition cannot be known."""
    if isinstance(condition, Unknown | Composite | Ref):
        return None
    mapping = as_mapping(condition)
    if "Key" in mapping:  # the legacy EventBusPolicy condition {Type, Key, Value}
        key = as_str(mapping["Key"])
        return {key.lower()} if key else None
    keys: set[str] = set()
    for block in mapping.values():
        if not isinstance(block, dict):
            return None
        keys.update(k.lower() for k in block)
    return keys


def _event_bus_statement(policy: Resource) -> Statement:
    return Statement(holder=policy, path=(), effect="Allow",
                     actions=tuple(a.lower() for a in (as_str(x) for x in as_list(policy.prop("Action"))) if a),
                     not_action=False, resources=(), not_resource=False,
                     principal=policy.prop("Principal"), condition=policy.prop("Condition"))


def resource_policy_grants(policy: Resource) -> Iterator[PolicyGrant]:
    """Allow statements of a queue, topic, bucket or event bus policy."""
    if policy.type == "AWS::Events::EventBusPolicy":
        statement = policy.prop("Statement")
        if isinstance(statement, dict):
            statements = list(policy_statements_of(policy, {"Statement": statement}, ()))
        else:
            statements = [_event_bus_statement(policy)]
    else:
        statements = list(policy_statements(policy))
    for statement in statements:
        if not statement.allows:
            continue
        principal = statement.principal
        everyone = as_str(principal) == "*" or any(as_str(p) == "*" for p in as_list(
            as_mapping(principal).get("AWS")))
        services = tuple(s for s in (as_str(p) for p in as_list(as_mapping(principal).get("Service"))) if s)
        if everyone or services:
            yield PolicyGrant(statement, everyone, services)


def policy_statements_of(holder: Resource, document: Value, path: PropertyPath) -> Iterator[Statement]:
    """Statements of a policy document held at ``path`` (for documents not under ``PolicyDocument``)."""
    for statement in policy_statements(_Holder.wrap(holder, document)):
        yield Statement(holder, (*path, *statement.path[1:]), statement.effect, statement.actions,
                        statement.not_action, statement.resources, statement.not_resource,
                        statement.principal, statement.condition)


class _Holder:
    @staticmethod
    def wrap(holder: Resource, document: Value) -> Resource:
        return Resource(holder.logical_id, "AWS::IAM::Policy", {"PolicyDocument": document}, holder.span,
                        holder.origin)


def policy_target(policy: Resource, graph: Graph) -> str:
    """How a message names what a resource policy protects."""
    for key in ("Queues", "Topics", "Bucket", "EventBusName", "QueueUrl", "TopicArn"):
        target = graph.resolve(policy.prop(key))
        if target is not None:
            return f"{target.type.split('::')[-1].lower()} {target.logical_id}"
    return f"policy {policy.logical_id}"


def handles_secrets(function: Resource, graph: Graph) -> str | None:
    """Why ``function`` handles secrets (a secret-named variable, a secret it may read), else None."""
    for name in as_mapping(function.prop("Environment", "Variables")):
        if is_secret_name(name):
            return f"environment variable {name}"
    role = graph.role_of(function)
    for statement in graph.statements(role) if role is not None else []:
        if statement.allows and any(a in ("secretsmanager:getsecretvalue", "secretsmanager:get*",
                                          "ssm:getparameter", "ssm:getparameters", "ssm:getparameter*")
                                    for a in statement.actions):
            return "its role reads secrets"
    return None


@dataclass(frozen=True)
class DataWrite:
    """An Allow statement that grants write actions on a data store of the graph."""

    statement: Statement
    target: Resource
    actions: tuple[str, ...]


_STORE_SERVICES: Mapping[str, str] = {"AWS::DynamoDB::Table": "dynamodb", "AWS::DynamoDB::GlobalTable": "dynamodb",
                                      "AWS::S3::Bucket": "s3"}


def data_writes(role: Resource, graph: Graph, types: tuple[str, ...] = tuple(_STORE_SERVICES)) -> list[DataWrite]:
    """Statements of ``role`` that grant writes on tables or buckets of the graph (of ``types``)."""
    found: list[DataWrite] = []
    for statement in graph.statements(role):
        actions = write_actions(statement)
        if not actions:
            continue
        for ref in statement.resource_refs:
            target = graph.resources.get(ref.target)
            if target is None or target.type not in types:
                continue
            service = _STORE_SERVICES[target.type]
            relevant = tuple(a for a in actions if service_of(a) in (service, "*"))
            if relevant:
                found.append(DataWrite(statement, target, relevant))
                break
    return found


def route_label(route: Route) -> str:
    return f"{route.method} {route.path}"


def short_list(items: list[str], limit: int = 3) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")
