"""The JSON document: the stable, machine-readable form of a scan result."""

from __future__ import annotations

import json
from typing import Any

from slens.engine import Finding, Notice, ScanError, ScanResult
from slens.engine.rule import Deployed
from slens.engine.speech import dotted

SCHEMA_VERSION = "1"


def deployed_dict(live: Deployed) -> dict[str, Any]:
    return {"arn": live.arn, "account": live.account, "region": live.region, "stack": live.stack,
            "logical_id": live.logical_id}


def finding_dict(finding: Finding) -> dict[str, Any]:
    rule = finding.rule
    out: dict[str, Any] = {
        "rule_id": rule.id,
        "name": rule.name,
        "title": rule.title,
        "severity": finding.severity.value,
        "question": rule.question.value,
        "pillar": rule.pillar.value,
        "practice": rule.practice.choice_id,
        "resource": finding.resource,
        "resource_type": finding.resource_type,
        "generated_resource": finding.generated_resource,
        "label": finding.label,
        "file": finding.span.file,
        "line": finding.span.line,
        "column": finding.span.column,
        # the path in CloudFormation, for tools; the property in the words the user wrote, for people
        "property_path": [str(p) for p in finding.path],
        "property": finding.user_path or dotted(finding.path) or None,
        "dialect": finding.dialect,
        "message": finding.message,
        "fingerprint": finding.fingerprint,
    }
    if finding.written_by is not None:  # about what a framework wrote itself: who, and whether it fails the run
        out["written_by"] = finding.written_by
        out["fails"] = finding.fails
    if finding.count > 1:  # identical findings collapsed into this one
        out["count"] = finding.count
    fix = rule.fix_for(finding.dialect)
    if fix is not None:  # in the user's dialect where the rule has a snippet in it
        out["fix"] = {"dialect": fix[0], "snippet": fix[1]}
    if rule.related:  # rules about the same problem, which stay silent where this one reports
        out["related"] = list(rule.related)
    if finding.live is not None:  # a template's findings keep the shape they always had
        out["deployed"] = deployed_dict(finding.live)
    return out


def error_dict(error: ScanError) -> dict[str, Any]:
    out: dict[str, Any] = {"file": error.file, "line": error.line, "kind": error.kind.value,
                           "message": error.message}
    if error.rule_id:
        out["rule_id"] = error.rule_id
    if error.resource:
        out["resource"] = error.resource
    return out


def notice_dict(notice: Notice) -> dict[str, Any]:
    return {"file": notice.file, "line": notice.line, "kind": notice.kind.value, "message": notice.message}


def document(result: ScanResult) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "slens", "version": result.tool_version},
        "findings": [finding_dict(f) for f in result.findings],
        "errors": [error_dict(e) for e in result.errors],
        "notices": [notice_dict(n) for n in result.notices],
        "suppressed": [{**finding_dict(s.finding), "suppression": {
            "reason": s.reason, "source": s.source, "expires": s.expires.isoformat() if s.expires else None}}
            for s in result.suppressed],
        "files": {"scanned": list(result.scanned_files),
                  "skipped": [{"file": s.file, "reason": s.reason} for s in result.skipped_files]},
        # what the CDK made for itself (asset uploads, log retention, custom resource providers)
        "framework_resources": [{"file": s.file, "resource": s.reason} for s in result.framework_resources],
        "summary": {
            "files_scanned": result.files_scanned,
            "files_skipped": result.files_skipped,
            "rules": result.rule_count,
            "findings": len(result.findings),
            "errors": len(result.errors),
            "notices": len(result.notices),
            "suppressed": len(result.suppressed),
            "baseline_hidden": result.baseline_hidden,
            "framework_resources_skipped": result.framework_skipped,
            "by_severity": result.counts_by_severity(),
            "by_question": result.counts_by_question(),
            "fail_on": result.fail_on.value if result.fail_on else "never",
            "exit_code": result.exit_code,
        },
    }


def render(result: ScanResult, color: bool = False) -> str:
    """The document, one finding (or error) per line: readable, diffable, and written by the C
    encoder (``indent`` switches to the pure-Python one, ten times slower on a big scan)."""
    return layout(document(result)) + "\n"


def layout(value: Any, depth: int = 0, deepest: int = 1, ascii_only: bool = True) -> str:
    """Containers down to ``deepest`` one item per line, anything deeper on one line."""
    if depth > deepest or not value or not isinstance(value, dict | list):
        return json.dumps(value, separators=(", ", ": "), ensure_ascii=ascii_only)
    pad = "  " * (depth + 1)
    if isinstance(value, list):
        return "[\n" + ",\n".join(pad + layout(item, depth + 1 if depth else deepest + 1, deepest, ascii_only)
                                   for item in value) + "\n" + pad[:-2] + "]"
    return "{\n" + ",\n".join(f"{pad}{json.dumps(key)}: {layout(item, depth + 1, deepest, ascii_only)}"
                               for key, item in value.items()) + "\n" + pad[:-2] + "}"
