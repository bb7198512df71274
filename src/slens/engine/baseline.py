"""Baselines: today's findings recorded by fingerprint (rule, file, resource, property path),
so that later runs report only what is new. Lines never enter the key, so moves do not matter.

Only the fingerprint is matched; the other fields of an entry are for people. A fingerprint names
the rule by its first id (:attr:`Rule.fingerprint_id`), so a baseline survives renaming the rule;
an entry whose ``rule_id`` is a former id gets a renamed-rule notice (:func:`rule_ids`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from slens.engine.rule import Finding

FORMAT_VERSION = 1


class BaselineError(Exception):
    pass


def render(findings: Iterable[Finding]) -> str:
    entries = sorted(({"fingerprint": f.fingerprint, "rule_id": f.rule.id, "file": f.span.file,
                       "resource": f.resource, "property_path": [str(p) for p in f.path]} for f in findings),
                     key=lambda e: (e["file"], e["rule_id"], e["resource"], e["fingerprint"]))
    unique = list({e["fingerprint"]: e for e in entries}.values())
    return json.dumps({"schema_version": FORMAT_VERSION, "tool": "slens", "findings": unique}, indent=2) + "\n"


def recorded(findings: Iterable[Finding]) -> int:
    """How many entries :func:`render` writes for ``findings`` (one per fingerprint)."""
    return len({f.fingerprint for f in findings})


def read(path: Path | str, text: str) -> set[str]:
    """The fingerprints a baseline file records; ``text`` is its content (read by the caller, bounded)."""
    try:
        document = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise BaselineError(f"{path}: baseline is not valid JSON: {exc}") from None
    findings = document.get("findings") if isinstance(document, dict) else None
    if document.get("schema_version") != FORMAT_VERSION if isinstance(document, dict) else True:
        raise BaselineError(f"{path}: not an slens baseline (schema_version {FORMAT_VERSION} expected)")
    if not isinstance(findings, list) or not all(isinstance(f, dict) and isinstance(f.get("fingerprint"), str)
                                                 for f in findings):
        raise BaselineError(f"{path}: key 'findings' must be a list of entries with a fingerprint")
    return {f["fingerprint"] for f in findings}


def rule_ids(text: str) -> list[str]:
    """The rule ids the entries of a baseline that :func:`read` accepted name (for renamed-rule notices)."""
    return list(dict.fromkeys(str(f.get("rule_id")) for f in json.loads(text)["findings"] if f.get("rule_id")))
