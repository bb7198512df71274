"""Suppressions as the user wrote them: template/resource Metadata and inline YAML comments.

Loaders only collect them with their lines; the engine validates and applies them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from slens.loaders.spans import key_span

_INLINE = re.compile(r"#\s*slens:\s*ignore\[([^\]]*)\]\s*(.*?)\s*$")
_EXPIRES = re.compile(r"\s*\(?\s*expires[=: ]\s*(\S+?)\s*\)?\s*$")
METADATA_KEY = "slens"


@dataclass(frozen=True)
class RawSuppression:
    """``scope`` is "file", "resource" or "line"; reason and expires are unchecked text."""

    scope: str
    ids: tuple[str, ...]
    reason: str | None
    expires: str | None
    line: int | None
    source: str
    resource: str | None = None
    problem: str | None = None
    #: the file it was written in, when not the loaded one (a fragment a serverless.yml includes)
    file: str | None = None


def _entries(metadata: Any, scope: str, resource: str | None, file: str) -> list[RawSuppression]:
    if not isinstance(metadata, Mapping) or not isinstance(metadata.get(METADATA_KEY), Mapping):
        return []
    block = metadata[METADATA_KEY]
    ignore = block.get("ignore")
    at = key_span(block, "ignore", file) if "ignore" in block else key_span(metadata, METADATA_KEY, file)
    line = at.line
    # written in a piece a serverless.yml includes: its lines are that file's
    written = at.file if at.file != file else None
    if not isinstance(ignore, list):
        return [RawSuppression(scope, (), None, None, line, "template metadata", resource,
                               "Metadata.slens.ignore must be a list of {id, reason, expires}", written)]
    found: list[RawSuppression] = []
    for index, entry in enumerate(ignore):
        entry_line = ignore.item_pos[index][0] if hasattr(ignore, "item_pos") and index < len(
            ignore.item_pos) else line
        if not isinstance(entry, Mapping) or not isinstance(entry.get("id"), str):
            found.append(RawSuppression(scope, (), None, None, entry_line, "template metadata", resource,
                                        "each Metadata.slens.ignore entry needs an id and a reason"))
            continue
        reason, expires = entry.get("reason"), entry.get("expires")
        found.append(RawSuppression(scope, (entry["id"],), reason if isinstance(reason, str) else None,
                                    str(expires) if expires is not None else None, entry_line,
                                    "template metadata", resource))
    return [replace(s, file=written) for s in found] if written else found


def metadata_suppressions(template: Mapping[str, Any], file: str) -> list[RawSuppression]:
    found = _entries(template.get("Metadata"), "file", None, file)
    resources = template.get("Resources")
    if isinstance(resources, Mapping):
        for logical_id, body in resources.items():
            if isinstance(body, Mapping):
                found.extend(_entries(body.get("Metadata"), "resource", str(logical_id), file))
    return found


def inline_suppressions(text: str) -> list[RawSuppression]:
    """``# slens: ignore[ID, ...] reason (expires 2027-01-31)`` comments.

    On a line with content it covers that line; alone on a line it covers the next line.
    """
    if "slens:" not in text:
        return []
    found: list[RawSuppression] = []
    pending: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        match = _INLINE.search(line)
        code = stripped.split("#", 1)[0].strip()
        if match and not code:
            pending.append((number, line))
            continue
        if code:
            for _, comment in pending:
                found.append(_inline(comment, number))
            pending = []
        if match:
            found.append(_inline(line, number))
    return found


def _inline(line: str, target: int) -> RawSuppression:
    match = _INLINE.search(line)
    assert match is not None
    ids = tuple(i.strip() for i in match.group(1).split(",") if i.strip())
    reason = match.group(2)
    expires = None
    found = _EXPIRES.search(reason)
    if found:
        expires = found.group(1)
        reason = reason[:found.start()].strip()
    return RawSuppression("line", ids, reason or None, expires, target, "inline comment")
