"""Drafts of one partition into graph resources: logical ids derived from names, the strings that
name another resource of the partition turned into the :class:`Ref` a template would have written,
and each resource's ARN, account, region and, when a stack of the inventory made it, that stack
and the logical id it has there."""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from slens.loaders.aws.mapping_base import Draft, items
from slens.model import Origin, Ref, Resource, SourceSpan, Value
from slens.model.values import join_parts

_WILD = "*"
#: where a bare name or id (not an ARN) names another resource, and the types it may name; the
#: same text elsewhere (a description, a tag) is only text
_NAME_PATHS: Mapping[str, tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]] = {
    "AWS::Lambda::Function": ((("Environment", "Variables", _WILD), ()),),
    "AWS::Lambda::EventInvokeConfig": ((("FunctionName",), ("AWS::Lambda::Function",)),),
    "AWS::Lambda::Alias": ((("FunctionName",), ("AWS::Lambda::Function",)),),
    "AWS::Lambda::Version": ((("FunctionName",), ("AWS::Lambda::Function",)),),
    "AWS::CloudWatch::Alarm": ((("Dimensions", _WILD, "Value"), ()),
                               (("Metrics", _WILD, "MetricStat", "Metric", "Dimensions", _WILD, "Value"), ())),
    "AWS::ApiGateway::Stage": ((("RestApiId",), ("AWS::ApiGateway::RestApi",)),),
    "AWS::ApiGateway::Authorizer": ((("RestApiId",), ("AWS::ApiGateway::RestApi",)),),
    "AWS::ApiGateway::Resource": ((("RestApiId",), ("AWS::ApiGateway::RestApi",)),
                                  (("ParentId",), ("AWS::ApiGateway::Resource", "AWS::ApiGateway::RestApi"))),
    "AWS::ApiGateway::Method": ((("RestApiId",), ("AWS::ApiGateway::RestApi",)),
                                (("ResourceId",), ("AWS::ApiGateway::Resource", "AWS::ApiGateway::RestApi")),
                                (("AuthorizerId",), ("AWS::ApiGateway::Authorizer",))),
    "AWS::ApiGateway::UsagePlan": ((("ApiStages", _WILD, "ApiId"), ("AWS::ApiGateway::RestApi",)),),
    "AWS::ApiGatewayV2::Stage": ((("ApiId",), ("AWS::ApiGatewayV2::Api",)),),
    "AWS::ApiGatewayV2::Integration": ((("ApiId",), ("AWS::ApiGatewayV2::Api",)),),
    "AWS::ApiGatewayV2::Authorizer": ((("ApiId",), ("AWS::ApiGatewayV2::Api",)),),
    "AWS::ApiGatewayV2::Route": ((("ApiId",), ("AWS::ApiGatewayV2::Api",)),
                                 (("AuthorizerId",), ("AWS::ApiGatewayV2::Authorizer",))),
}
#: where references to other resources start inside a longer string (an integration URI, a
#: ``${Table.Arn}/index/*`` resource of a policy, a queue URL in an environment variable)
_STARTS = re.compile(r"arn:|https://")
_BOUNDARY = frozenset(":/")
#: tags CloudFormation puts on what it creates, where the API returns them
_STACK_TAG, _LOGICAL_TAG = "aws:cloudformation:stack-name", "aws:cloudformation:logical-id"


def _sanitized(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", name))


def _digest(draft: Draft) -> str:
    key = json.dumps([draft.type, draft.name, draft.arn, draft.properties], sort_keys=True, default=str)
    return hashlib.sha256(key.encode()).hexdigest()[:8]


def logical_ids(drafts: Sequence[Draft]) -> list[str]:
    """A logical id per draft, unique in the partition and the same on every run whatever the order
    the inventory lists things in: the name, then the type on a clash, then a digest of the resource."""
    hints = [d.type.rsplit("::", 1)[-1] for d in drafts]
    bases = [_sanitized(d.name) or hint for d, hint in zip(drafts, hints, strict=True)]
    counts: dict[str, int] = defaultdict(int)
    for base in bases:
        counts[base] += 1
    typed = [base if counts[base] == 1 else base if base.endswith(hint) else base + hint
             for base, hint in zip(bases, hints, strict=True)]
    counts.clear()
    for name in typed:
        counts[name] += 1
    final = [name if counts[name] == 1 else f"{name}X{_digest(d)}" for name, d in zip(typed, drafts, strict=True)]
    seen: dict[str, int] = defaultdict(int)
    out = []
    for name in final:  # identical resources listed twice: the copies are numbered
        seen[name] += 1
        out.append(name if seen[name] == 1 else f"{name}{seen[name]}")
    return out


class Resolver:
    """Strings that name a resource of the partition, as the references a template writes."""

    def __init__(self, drafts: Sequence[Draft], ids: Sequence[str]) -> None:
        self.handles: dict[str, Ref] = {}
        self.names: dict[str, list[tuple[str, Ref]]] = defaultdict(list)
        for draft, logical_id in zip(drafts, ids, strict=True):
            for text, attribute in draft.handles.items():
                self.handles.setdefault(text, Ref(logical_id, attribute))
            for text, attribute in draft.names.items():
                self.names[text].append((draft.type, Ref(logical_id, attribute)))

    def properties(self, props: Mapping[str, Any], type_: str, own: str) -> dict[str, Value]:
        value = self._walk(props, (), _NAME_PATHS.get(type_, ()), own)
        assert isinstance(value, dict)
        return value

    def _walk(self, value: Any, path: tuple[str | int, ...],
              name_paths: Iterable[tuple[tuple[str, ...], tuple[str, ...]]], own: str) -> Value:
        if isinstance(value, Mapping):
            return {str(k): self._walk(v, (*path, str(k)), name_paths, own) for k, v in value.items()}
        if isinstance(value, list):
            return [self._walk(v, (*path, i), name_paths, own) for i, v in enumerate(value)]
        if isinstance(value, str):
            return self._text(value, path, name_paths, own)
        if value is None or isinstance(value, bool | int | float):
            return value
        return str(value)

    def _text(self, text: str, path: tuple[str | int, ...],
              name_paths: Iterable[tuple[tuple[str, ...], tuple[str, ...]]], own: str) -> Value:
        ref = self.handles.get(text)
        if ref is not None:
            return ref if ref.target != own else text
        for pattern, types in name_paths:
            if len(pattern) == len(path) and all(p in (_WILD, q) for p, q in zip(pattern, path, strict=True)):
                found = [r for t, r in self.names.get(text, ()) if (not types or t in types) and r.target != own]
                if len(found) == 1:
                    return found[0]
        if "arn:" not in text and "https://" not in text:
            return text
        return self._embedded(text, own)

    def _embedded(self, text: str, own: str) -> Value:
        parts: list[str | Ref] = []
        position = 0
        for match in _STARTS.finditer(text):
            start = match.start()
            if start < position:
                continue
            ref, end = self._longest(text, start, own)
            if ref is not None:
                parts.extend((text[position:start], ref))
                position = end
        if not parts:
            return text
        parts.append(text[position:])
        return join_parts(parts)

    def _longest(self, text: str, start: int, own: str) -> tuple[Ref | None, int]:
        """The longest handle that starts at ``start`` and ends where an ARN segment ends."""
        ends = [i for i in range(len(text), start, -1) if i == len(text) or text[i] in _BOUNDARY]
        for end in ends:
            ref = self.handles.get(text[start:end])
            if ref is not None and ref.target != own:
                return ref, end
        return None, start


def _physical(type_: str, value: str) -> str:
    """A physical id as both sides can agree on it: a queue's URL differs by endpoint (legacy and
    current SQS hosts, an emulator's address) while its path, account and name, does not."""
    if type_ == "AWS::SQS::Queue" and value.startswith(("https://", "http://")):
        return urlsplit(value).path
    return value


def _stack_index(stacks: list[Any]) -> dict[tuple[str, str], tuple[str, str] | None]:
    """(type, physical id) -> (stack name, logical id); None where two stacks claim the same key."""
    index: dict[tuple[str, str], tuple[str, str] | None] = {}
    for stack in stacks:
        name = stack.get("StackName") if isinstance(stack, Mapping) else None
        if not isinstance(name, str):
            continue
        for res in items(stack, "Resources"):
            if not isinstance(res, Mapping):
                continue
            type_ = str(res.get("ResourceType"))
            key = (type_, _physical(type_, str(res.get("PhysicalResourceId"))))
            entry = (name, str(res.get("LogicalResourceId")))
            index[key] = entry if key not in index or index[key] == entry else None
    return index


def _stack_of(draft: Draft, index: Mapping[tuple[str, str], tuple[str, str] | None],
              claimed: Mapping[tuple[str, str], int]) -> tuple[str, str] | None:
    for key in dict.fromkeys(k for k in (draft.physical, draft.arn, *draft.names, *draft.handles) if k):
        entry = index.get((draft.type, _physical(draft.type, key)))
        if entry is not None and claimed.get((draft.type, _physical(draft.type, key)), 0) == 1:
            return entry
    tag_list = draft.properties.get("Tags")
    found = {t.get("Key"): t.get("Value") for t in tag_list if isinstance(t, Mapping)} \
        if isinstance(tag_list, list) else {}
    stack, logical_id = found.get(_STACK_TAG), found.get(_LOGICAL_TAG)
    if isinstance(stack, str) and isinstance(logical_id, str):
        return stack, logical_id
    return None


def resources(drafts: Sequence[Draft], account: str, region: str, stacks: list[Any], file: str,
              ) -> dict[str, Resource]:
    """The graph resources of the partition's drafts, written at ``file`` (the partition's location)."""
    ids = logical_ids(drafts)
    resolver = Resolver(drafts, ids)
    span = SourceSpan(file)
    index = _stack_index(stacks)
    # a physical id that several drafts share (a "prod" stage of two APIs) tells no stack apart
    claimed: dict[tuple[str, str], int] = defaultdict(int)
    for draft in drafts:
        for key in dict.fromkeys(_physical(draft.type, k) for k in (draft.physical, draft.arn, *draft.names,
                                                                      *draft.handles) if k):
            claimed[(draft.type, key)] += 1
    out: dict[str, Resource] = {}
    for draft, logical_id in zip(drafts, ids, strict=True):
        metadata: dict[str, Value] = {**draft.metadata, "aws:account": account, "aws:region": region,
                                      "aws:service": draft.service}
        if draft.arn:
            metadata["aws:arn"] = draft.arn
        stack = _stack_of(draft, index, claimed)
        if stack is not None:
            metadata["aws:stack"], metadata["aws:logicalId"] = stack
        origin = Origin(logical_id, draft.type, span, draft.arn or draft.physical or draft.name)
        props = resolver.properties(draft.properties, draft.type, logical_id)
        out[logical_id] = Resource(logical_id, draft.type, props, span, origin, {}, metadata)
    return out
