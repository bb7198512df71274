"""What the Serverless translators share: the framework's naming, and the resources being built."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from slens.loaders.draft import Draft
from slens.loaders.spans import collect_spans, file_of, key_span
from slens.loaders.yamlparse import YList, YMap
from slens.model import Composite, Origin, PropertyPath, Ref, SourceSpan, Unknown

FUNCTION_ORIGIN = "serverless:function"
PROVIDER_ORIGIN = "serverless:provider"
STATE_MACHINE_ORIGIN = "serverless:stateMachine"


# -- naming (lib/plugins/aws/lib/naming.js) ---------------------------------------------------

def upper_first(name: str) -> str:
    return name[:1].upper() + name[1:]


def alnum(name: str) -> str:
    """``normalizeNameToAlphaNumericOnly``."""
    return upper_first(re.sub(r"[^0-9A-Za-z]", "", name))


def normalized(name: str) -> str:
    """``getNormalizedFunctionName``: ``get-user_v2`` -> ``GetDashuserUnderscorev2``."""
    return upper_first(name.replace("-", "Dash").replace("_", "Underscore"))


def path_part(part: str) -> str:
    """``normalizePathPart``: lodash ``capitalize`` lower-cases the rest of the part."""
    text = part[:1].upper() + part[1:].lower()
    text = text.replace("-", "Dash")
    text = re.sub(r"\{(.*)\}", r"\1Var", text)
    return upper_first(re.sub(r"[^0-9A-Za-z]", "", text))


def normalize_path(path: str) -> str:
    return "".join(path_part(p) for p in path.split("/"))


def text(value: Any) -> str | None:
    """A literal string (numbers included) or None."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    return None


def name_hint(value: Any) -> str:
    """The name the framework derives from an ARN or an intrinsic (the logical id it names)."""
    if isinstance(value, str):
        return value.split(":")[-1].split("/")[-1]
    if isinstance(value, Mapping) and len(value) == 1:
        (key, args), = value.items()
        if key == "Fn::GetAtt":
            return str(args[0]) if isinstance(args, list) and args else str(args).split(".")[0]
        if key in ("Ref", "Fn::ImportValue") and isinstance(args, str):
            return args
    if isinstance(value, Ref):
        return value.target
    return "Unknown"


def simple_ref(value: Any) -> Any:
    """``{Ref: X}`` and ``{Fn::GetAtt: [X, A]}`` as :class:`Ref` (for ARNs the framework builds from them)."""
    if isinstance(value, Mapping) and len(value) == 1:
        (key, args), = value.items()
        if key == "Ref" and isinstance(args, str) and not args.startswith("AWS::"):
            return Ref(args)
        if key == "Fn::GetAtt" and isinstance(args, list) and len(args) == 2 and all(isinstance(a, str) for a in args):
            return Ref(args[0], args[1])
        if key == "Fn::GetAtt" and isinstance(args, str) and "." in args:
            return Ref(*args.split(".", 1))
    return value


def get_att(logical_id: str, attribute: str = "Arn") -> Ref:
    return Ref(logical_id, attribute)


def arn(service: str, resource: Any, region: bool = True, account: bool = True) -> Composite:
    """``arn:aws:<service>:<region>:<account>:<resource>`` with the pseudo parameters unknown."""
    parts: list[Any] = [f"arn:aws:{service}:"]
    parts += [Unknown("AWS::Region"), ":"] if region else [":"]
    parts += [Unknown("AWS::AccountId"), ":"] if account else [":"]
    parts += resource.parts if isinstance(resource, Composite) else [resource]
    return Composite(tuple(parts))


# -- the resources being built ---------------------------------------------------------------

@dataclass
class FunctionInfo:
    key: str
    node: Mapping[str, Any]
    logical_id: str
    norm: str
    name: Any
    origin: Origin
    #: the generated role this function runs with, when the framework (or a plugin) makes one
    role_id: str | None = None


class Service:
    """The resolved service document and the resources the framework would deploy for it."""

    def __init__(self, document: Mapping[str, Any], file: str, stage: Any, region: Any) -> None:
        self.doc = document
        self.file = file
        self.stage = stage
        self.region = region
        self.service = self._service_name()
        provider = document.get("provider")
        self.provider: Mapping[str, Any] = provider if isinstance(provider, Mapping) else {}
        self.drafts: dict[str, Draft[Any]] = {}
        self.functions: dict[str, FunctionInfo] = {}
        #: where (in the service or a piece it includes) and what
        self.problems: list[tuple[SourceSpan, str]] = []
        #: role logical id -> statements the framework adds for events (queues, streams ...)
        self.role_statements: dict[str, list[Any]] = {}
        plugins = document.get("plugins")
        modules = plugins.get("modules") if isinstance(plugins, Mapping) else plugins
        self.plugins = {p for p in modules if isinstance(p, str)} if isinstance(modules, list) else set()

    def _service_name(self) -> Any:
        service = self.doc.get("service")
        if isinstance(service, Mapping):  # the legacy form: service: {name: ...}
            service = service.get("name")
        return service if service is not None else Unknown("service name")

    def joined(self, *parts: Any) -> Any:
        """Parts joined as a string, or a Composite when one is only known at deploy time."""
        if all(isinstance(p, str) for p in parts):
            return "".join(parts)
        flat: list[Any] = []
        for part in parts:
            if isinstance(part, Composite):
                flat.extend(part.parts)
            elif isinstance(part, str | Unknown | Ref):
                flat.append(part)
            else:
                flat.append(text(part) if text(part) is not None else Unknown("name"))
        return Composite(tuple(flat))

    def prefixed(self, suffix: str) -> Any:
        """``<service>-<stage>-<suffix>``, the framework's default physical names."""
        return self.joined(self.service, "-", self.stage, "-", suffix)

    def stack_name(self) -> Any:
        return self.joined(self.service, "-", self.stage)

    def span(self, node: Any, key: str | int | None = None) -> SourceSpan:
        file = file_of(node, self.file)  # a piece included with ${file()} is its own file
        if key is None:
            return SourceSpan(file, getattr(node, "line", None), getattr(node, "column", None))
        if isinstance(node, YList) and isinstance(key, int) and key < len(node.item_pos):
            line, column = node.item_pos[key]
            return SourceSpan(file, line, column)
        return key_span(node, str(key), self.file)

    def spans_of(self, node: Any, keys: Mapping[str, str | PropertyPath],
                 prefix: PropertyPath = ()) -> dict[PropertyPath, SourceSpan]:
        """Spans of ``node``'s keys renamed by ``keys`` (serverless key -> CloudFormation path)."""
        out: dict[PropertyPath, SourceSpan] = {}
        if not isinstance(node, YMap):
            return out
        nested = collect_spans(node, self.file)
        for path, span in nested.items():
            head = path[0]
            if not isinstance(head, str) or head not in keys:
                continue
            target = keys[head]
            base = (target,) if isinstance(target, str) else target
            out[(*prefix, *base, *path[1:])] = span
        return out

    def add(self, draft: Draft[Any]) -> Draft[Any]:
        existing = self.drafts.get(draft.logical_id)
        if existing is not None and existing.type == draft.type:
            merge_into(existing.properties, draft.properties)
            existing.spans = {**draft.spans, **existing.spans}
            return existing
        self.drafts[draft.logical_id] = draft
        return draft

    def provider_origin(self, logical_id: str, key: str, label: str) -> Origin:
        node = self.provider.get(key) if key else None
        span = self.span(self.provider, key) if isinstance(node, Mapping | list) or key in self.provider \
            else self.span(self.doc, "provider")
        return Origin(logical_id, PROVIDER_ORIGIN, span, label)

    def grant(self, fn: FunctionInfo, statement: dict[str, Any]) -> None:
        if fn.role_id is not None:
            self.role_statements.setdefault(fn.role_id, []).append(statement)


def merge_into(target: dict[str, Any], source: Mapping[str, Any]) -> None:
    """lodash ``merge``: mappings merge key by key, lists merge index by index, the rest is replaced."""
    for key, value in source.items():
        current = target.get(key)
        if isinstance(current, dict) and isinstance(value, Mapping) and not _intrinsic(value):
            merge_into(current, value)
        elif isinstance(current, list) and isinstance(value, list):
            for index, item in enumerate(value):
                if index < len(current) and isinstance(current[index], dict) and isinstance(item, Mapping) \
                        and not _intrinsic(item):
                    merge_into(current[index], item)
                elif index < len(current):
                    current[index] = item
                else:
                    current.append(item)
        else:
            target[key] = dict(value) if isinstance(value, Mapping) and not isinstance(value, YMap) else value


def _intrinsic(value: Mapping[str, Any]) -> bool:
    return (len(value) == 1 and next(iter(value)) in ("Ref", "Condition")) or \
        any(str(k).startswith("Fn::") for k in value)


def statement(actions: list[str], resources: list[Any]) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": actions, "Resource": resources}


__all__ = ["Draft", "FunctionInfo", "Service", "alnum", "arn", "get_att", "merge_into", "name_hint",
           "normalize_path", "normalized", "simple_ref", "statement", "text", "upper_first"]
