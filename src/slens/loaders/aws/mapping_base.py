"""What every service mapping of the live inventory shares: drafts of resources before their
logical ids and references are known, and the context that collects them with their problems.

A mapper writes each resource as AWS describes it, in CloudFormation names and shapes, with other
resources still named by their ARN, URL, name or id. Only once every resource of the partition
is drafted can those strings become the :class:`Ref` values a template would have written
(:mod:`slens.loaders.aws.mapping_refs`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from slens.kinds import ErrorKind
from slens.loaders.result import Problem

#: an inventory item as read from JSON (plain dicts, lists, strings, numbers, booleans, None)
Item = Mapping[str, Any]


@dataclass
class Draft:
    """One resource in CloudFormation vocabulary whose references are still strings."""

    type: str
    #: the physical name the logical id is derived from (children add their parent's name)
    name: str
    arn: str | None
    properties: dict[str, Any]
    #: strings that denote this resource wherever they appear (ARNs, URLs) -> the attribute a
    #: template reads to write them (``Arn`` for ``!GetAtt X.Arn``, None for ``!Ref X``)
    handles: dict[str, str | None] = field(default_factory=dict)
    #: bare names and ids, which only denote this resource where a name is expected
    names: dict[str, str | None] = field(default_factory=dict)
    #: what CloudFormation reports as the physical id, to find the stack that made it
    physical: str | None = None
    service: str = ""
    #: live-only facts a template never has (``aws:invocations``, ``aws:storedBytes``): they become
    #: the resource's metadata, never properties, so template rules cannot mistake them for settings
    metadata: dict[str, Any] = field(default_factory=dict)


def compact(mapping: Mapping[str, Any]) -> dict[str, Any]:
    """The mapping without unset keys: AWS returns null and empty lists where a template writes nothing."""
    return {k: v for k, v in mapping.items() if v is not None and v != [] and v != {}}


def pick(item: Any, fields: Mapping[str, str]) -> dict[str, Any]:
    """Fields of an API response renamed to their CloudFormation names (API name -> CFN name)."""
    if not isinstance(item, Mapping):
        return {}
    return compact({cfn: item.get(api) for api, cfn in fields.items()})


def parse_json(value: Any) -> Any:
    """A JSON document that AWS returns as a string (policies, redrive policies, definitions);
    anything that is not JSON text is returned as it is."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def tags(value: Any) -> list[dict[str, Any]] | None:
    """``{key: value}`` or ``[{Key, Value}]`` tags as the CloudFormation list."""
    if isinstance(value, Mapping):
        return [{"Key": str(k), "Value": v} for k, v in value.items()] or None
    if isinstance(value, list):
        return [dict(t) for t in value if isinstance(t, Mapping)] or None
    return None


def items(container: Any, key: str) -> list[Any]:
    """The list under ``key``; whatever else is there counts as no item (the reader's errors say why)."""
    value = container.get(key) if isinstance(container, Mapping) else None
    return value if isinstance(value, list) else []


def as_int(value: Any) -> int | None:
    """Numbers that SQS and SNS return as strings."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            return None
    return None


def as_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return None


class Malformed(ValueError):
    """An inventory item that cannot be mapped (a required field missing or of the wrong type)."""


def need_str(item: Any, key: str) -> str:
    value = item.get(key) if isinstance(item, Mapping) else None
    if not isinstance(value, str) or not value:
        raise Malformed(f"{key} is missing or not a string")
    return value


class Context:
    """One partition's drafts, problems and identity, shared by the service mappers."""

    def __init__(self, account: str, region: str, partition: str = "aws") -> None:
        self.account = account
        self.region = region
        self.partition = partition
        self.drafts: list[Draft] = []
        self.problems: list[Problem] = []

    def arn(self, service: str, resource: str, *, region: bool = True, account: bool = True) -> str:
        """The ARN AWS would give a resource of this partition (for APIs that return only ids)."""
        return (f"arn:{self.partition}:{service}:{self.region if region else ''}:"
                f"{self.account if account else ''}:{resource}")

    def add(self, draft: Draft) -> Draft:
        self.drafts.append(draft)
        return draft

    def problem(self, service: str, what: str, message: str) -> None:
        """A malformed inventory item: reported with the service and the resource, never raised."""
        self.problems.append(Problem(ErrorKind.PARSE, f"{service}: {what}: {message}", resource=what))

    def each(self, service: str, kind: str, found: Iterable[Any], mapper: Callable[[Context, Item], object],
             label: Callable[[Any], str | None] = lambda item: None) -> None:
        """``mapper`` on every item, one malformed item costing only itself."""
        for index, item in enumerate(found):
            what = label(item) if isinstance(item, Mapping) else None
            what = what or f"{kind} #{index + 1}"
            if not isinstance(item, Mapping):
                self.problem(service, what, f"not an object ({type(item).__name__})")
                continue
            before = len(self.drafts)
            try:
                mapper(self, item)
            except (Malformed, TypeError, ValueError, AttributeError, KeyError) as exc:
                # a half-mapped item would mislead the rules more than a missing one
                del self.drafts[before:]
                reason = str(exc) if isinstance(exc, Malformed) else f"unexpected shape ({type(exc).__name__}: {exc})"
                self.problem(service, what, reason)


def label_of(*keys: str) -> Callable[[Any], str | None]:
    """How a malformed item is named in its problem: the first of ``keys`` it has as a string."""
    def label(item: Any) -> str | None:
        for key in keys:
            value = item.get(key) if isinstance(item, Mapping) else None
            if isinstance(value, str) and value:
                return value
        return None
    return label


def text(item: Any, key: str) -> str | None:
    """The string under ``key``, or None when it is missing, empty or something else."""
    value = item.get(key) if isinstance(item, Mapping) else None
    return value if isinstance(value, str) and value else None


def obj(item: Any, key: str) -> Mapping[str, Any]:
    """The object under ``key``, or an empty one when it is missing or something else."""
    value = item.get(key) if isinstance(item, Mapping) else None
    return value if isinstance(value, Mapping) else {}
