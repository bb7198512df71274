"""``data "aws_iam_policy_document"`` into the IAM JSON document it renders."""

from __future__ import annotations

from slens.loaders.terraform.jsontext import decode
from slens.loaders.terraform.objects import Obj
from slens.loaders.terraform.spantable import SpanTable
from slens.model import Value, as_list

_KEYS = (("sid", "Sid"), ("effect", "Effect"), ("actions", "Action"), ("not_actions", "NotAction"),
         ("resources", "Resource"), ("not_resources", "NotResource"))


def _principals(blocks: list[Obj]) -> Value:
    out: dict[str, Value] = {}
    for block in blocks:
        kind = block.get("type")
        identifiers = block.get("identifiers")
        if kind == "*":
            return "*"
        if isinstance(kind, str):
            existing = out.get(kind)
            out[kind] = [*as_list(existing), *as_list(identifiers)] if existing is not None else identifiers
    return out


def _conditions(blocks: list[Obj]) -> Value:
    out: dict[str, Value] = {}
    for block in blocks:
        test, variable = block.get("test"), block.get("variable")
        if isinstance(test, str) and isinstance(variable, str):
            entry = out.setdefault(test, {})
            if isinstance(entry, dict):
                entry[variable] = block.get("values")
    return out


def policy_document(obj: Obj, spans: SpanTable) -> Value:
    """The rendered document; ``spans`` records where each statement and key was written."""
    statements: list[Value] = []
    for source_key in ("source_policy_documents", "source_json"):
        for document in as_list(obj.get(source_key)):
            decoded = decode(document)
            statements.extend(as_list(decoded.get("Statement")) if isinstance(decoded, dict) else [])
    for block in obj.blocks_of("statement"):
        statement: dict[str, Value] = {}
        if "effect" not in block.attrs:
            statement["Effect"] = "Allow"
        for key, name in _KEYS:
            if key in block.attrs:
                statement[name] = block.attrs[key]
                spans.record(statement, name, block.span_of(key))
        for key, name in (("principals", "Principal"), ("not_principals", "NotPrincipal")):
            found = block.blocks_of(key)
            if found:
                statement[name] = _principals(found)
                spans.record(statement, name, found[0].span)
        conditions = block.blocks_of("condition")
        if conditions:
            statement["Condition"] = _conditions(conditions)
            spans.record(statement, "Condition", conditions[0].span)
        statements.append(statement)
        spans.record(statements, len(statements) - 1, block.span)
    for document in [*as_list(obj.get("override_policy_documents")), *as_list(obj.get("override_json"))]:
        decoded = decode(document)
        statements.extend(as_list(decoded.get("Statement")) if isinstance(decoded, dict) else [])
    result: dict[str, Value] = {"Version": obj.get("version") or "2012-10-17", "Statement": statements}
    spans.record(result, "Statement", obj.span)
    return result
