"""``slens scan --since FILE``: this run's findings against a previous ``--format json`` report.

Findings are matched by fingerprint (rule, file, resource, property path: never lines), so a
finding that moved is unchanged. Pure: the previous report's text in, the comparison and its
renderings out; the front end reads the file.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from slens.engine import Finding, ScanResult
from slens.report import Renderer, json_report, markdown
from slens.safe_text import escape_controls

#: the keys of a previous finding carried into ``resolved`` (those it has): the report's own shape,
#: nothing a hand-edited file might add
_FINDING_KEYS = ("rule_id", "name", "title", "severity", "question", "pillar", "practice", "resource",
                 "resource_type", "generated_resource", "label", "file", "line", "column", "property_path",
                 "property", "dialect", "message", "fingerprint", "fix", "written_by", "fails", "deployed", "count",
                 "related")


class SinceError(Exception):
    pass


@dataclass(frozen=True)
class Since:
    file: str
    new: tuple[Finding, ...]
    #: the previous report's findings that this run no longer reports, as that report wrote them
    resolved: tuple[dict[str, Any], ...]
    unchanged: int
    #: previous findings suppressed in this run: no longer reported, yet not fixed
    suppressed: int = 0
    #: previous findings in files this run could not review (an error): neither fixed nor still there
    not_reviewed: int = 0


def previous_findings(name: str, text: str) -> list[dict[str, Any]]:
    """The findings of a report written by ``slens scan --format json``; SinceError when it is not one."""
    try:
        document = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise SinceError(f"{name}: not a JSON report: {exc}") from None
    tool = document.get("tool") if isinstance(document, dict) else None
    if not isinstance(tool, dict) or tool.get("name") != "slens" or "schema_version" not in document:
        raise SinceError(f"{name}: not an slens JSON report (write one with 'slens scan --format json')")
    if document["schema_version"] != json_report.SCHEMA_VERSION:
        raise SinceError(f"{name}: an slens report of schema version {document['schema_version']!r}; this slens "
                         f"compares with version {json_report.SCHEMA_VERSION!r} (scan again to write one)")
    findings = document.get("findings")
    if not isinstance(findings, list) or not all(
            isinstance(f, dict) and isinstance(f.get("fingerprint"), str) for f in findings):
        raise SinceError(f"{name}: malformed report: 'findings' must be a list of findings with a fingerprint")
    return [{key: f[key] for key in _FINDING_KEYS if key in f} for f in findings]


def compare(result: ScanResult, previous: list[dict[str, Any]], name: str) -> Since:
    """``result`` must still hold its suppressed findings: one suppressed since is not resolved."""
    before = {f["fingerprint"] for f in previous}
    now = {f.fingerprint for f in result.findings}
    suppressed = {s.finding.fingerprint for s in result.suppressed}
    unreviewed = {e.file for e in result.errors}
    gone = [f for f in previous if f["fingerprint"] not in now]
    still = [f for f in gone if f["fingerprint"] in suppressed]
    unknown = [f for f in gone if f["fingerprint"] not in suppressed and f.get("file") in unreviewed]
    resolved = tuple(f for f in gone if f["fingerprint"] not in suppressed and f.get("file") not in unreviewed)
    return Since(name, tuple(f for f in result.findings if f.fingerprint not in before), resolved,
                 sum(1 for f in result.findings if f.fingerprint in before), len(still), len(unknown))


def summary(since: Since) -> str:
    line = f"Since {since.file}: {len(since.new)} new, {len(since.resolved)} resolved, {since.unchanged} unchanged"
    extra = [f"{since.suppressed} suppressed since"] if since.suppressed else []
    if since.not_reviewed:
        extra.append(f"{since.not_reviewed} in files not reviewed this time")
    return escape_controls(line + (f" ({', '.join(extra)})" if extra else ""))


def _line(mark: str, severity: Any, rule_id: Any, file: Any, line: Any, message: Any, resource: Any) -> str:
    where = f"{file}:{line}" if line else str(file)
    return escape_controls(f"  {mark} {severity!s:<8} {rule_id}  {where}  {message}  [{resource}]")


def text_block(since: Since) -> str:
    lines = [summary(since)]
    lines += [_line("+", f.severity.value, f.rule.id, f.span.file, f.span.line, f.message, f.resource)
              for f in since.new]
    lines += [_line("-", f.get("severity"), f.get("rule_id"), f.get("file"), f.get("line"), f.get("message"),
                    f.get("resource")) for f in since.resolved]
    return "\n".join(lines) + "\n"


def since_dict(since: Since) -> dict[str, Any]:
    return {"file": since.file, "new": [json_report.finding_dict(f) for f in since.new],
            "resolved": list(since.resolved), "unchanged": since.unchanged, "suppressed": since.suppressed,
            "not_reviewed": since.not_reviewed}


def _row(change: str, severity: Any, rule_id: Any, file: Any, line: Any, message: Any) -> str:
    where = f"{file}:{line}" if line else str(file)
    return " | ".join(["", change, *(markdown.cell(str(v)) for v in (severity, rule_id, where, message)), ""]).strip()


def _markdown_block(since: Since) -> str:
    rows = [_row("new", f.severity.value, f.rule.id, f.span.file, f.span.line, f.message) for f in since.new]
    rows += [_row("resolved", f.get("severity"), f.get("rule_id"), f.get("file"), f.get("line"), f.get("message"))
             for f in since.resolved]
    table = ["", "| | Severity | Rule | Where | Message |", "|---|---|---|---|---|", *rows] if rows else []
    return "\n".join([f"### {markdown.cell(summary(since))}", *table]) + "\n"


def with_since(renderers: Mapping[str, Renderer], since: Since) -> dict[str, Renderer]:
    """The renderers, text, JSON and markdown telling what changed; the other formats as they are
    (SARIF, JUnit and the CI formats have no place for findings that are gone)."""
    out = dict(renderers)
    text, markdown_render = renderers["text"], renderers["markdown"]
    out["text"] = lambda result, color: text(result, color) + "\n" + text_block(since)
    out["json"] = lambda result, color: json_report.layout(
        {**json_report.document(result), "since": since_dict(since)}) + "\n"
    out["markdown"] = lambda result, color: markdown_render(result, color) + "\n" + _markdown_block(since)
    return out
