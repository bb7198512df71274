"""Secrets in templates: secret-looking names and values, secret attributes and parameters.

Values found here are never shown as they are: :func:`mask` keeps at most four characters.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from itertools import pairwise

from slens.model.graph import Graph
from slens.model.resources import Resource
from slens.model.values import (
    Composite,
    PropertyPath,
    Unknown,
    Value,
    as_bool,
    as_mapping,
    as_str,
    refs_in,
    text_of,
)

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
    return any(pair in _SECRET_PAIRS for pair in pairwise(words))


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
    """A secret shown without any of its content: ``…(40 chars)``. Even a prefix helps an attacker
    (it names the issuer and shortens a search), and reports travel further than templates."""
    return f"…({len(value.strip())} chars)"


#: shorter values are not scrubbed from messages: they would match ordinary words and ids
MIN_SCRUBBED = 4


def secret_values(graph: Graph) -> frozenset[str]:
    """Every literal of the graph that holds a secret: NoEcho or secret-looking parameter defaults,
    function environment values under secret names or that look like keys, and Secrets Manager
    secret strings. Messages never carry them (see :func:`scrub`), whichever rule quotes them."""
    found = set(secret_parameter_defaults(graph))
    for declaration in graph.parameters.values():
        default = as_str(as_mapping(declaration).get("Default"))
        if default is not None and no_echo(declaration):
            found.add(default)
    for function in graph.of_type("AWS::Lambda::Function"):
        for name, value in as_mapping(function.prop("Environment", "Variables")).items():
            text = as_str(value)
            if text is not None and not is_placeholder(text) and (is_secret_name(name) or secret_value_kind(text)):
                found.add(text)
    for secret in graph.of_type("AWS::SecretsManager::Secret"):
        text = as_str(secret.prop("SecretString"))
        if text is not None:
            found.add(text)
    return frozenset(v for v in (f.strip() for f in found) if len(v) >= MIN_SCRUBBED)


def environment_secrets(environ: Mapping[str, str]) -> frozenset[str]:
    """Values of the process environment under secret names (``CI_JOB_TOKEN``) or that look like keys:
    never part of a report, even where a template found a way to read them."""
    return frozenset(v.strip() for k, v in environ.items()
                     if len(v.strip()) >= MIN_SCRUBBED and not is_placeholder(v)
                     and (is_secret_name(k) or secret_value_kind(v)))


def scrub(text: str, secrets: frozenset[str]) -> str:
    """``text`` with every secret replaced by its mask, longest first (a secret may contain another)."""
    for secret in sorted((s for s in secrets if s in text), key=len, reverse=True):
        text = text.replace(secret, mask(secret))
    return text


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
        elif isinstance(item, dict | Mapping):  # dict first: the ABC check is slow
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
