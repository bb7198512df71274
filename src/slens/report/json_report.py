"""The JSON document: the stable, machine-readable form of a scan result."""

from __future__ import annotations

import json
from typing import Any

from slens.engine import Finding, ScanError, ScanResult

SCHEMA_VERSION = "1"


def finding_dict(finding: Finding) -> dict[str, Any]:
    rule = finding.rule
    return {
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
        "property_path": [str(p) for p in finding.path],
        "message": finding.message,
        "fingerprint": finding.fingerprint,
    }


def error_dict(error: ScanError) -> dict[str, Any]:
    out: dict[str, Any] = {"file": error.file, "line": error.line, "kind": error.kind.value,
                           "message": error.message}
    if error.rule_id:
        out["rule_id"] = error.rule_id
    if error.resource:
        out["resource"] = error.resource
    return out


def document(result: ScanResult) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "slens", "version": result.tool_version},
        "findings": [finding_dict(f) for f in result.findings],
        "errors": [error_dict(e) for e in result.errors],
        "suppressed": [{**finding_dict(s.finding), "suppression": {
            "reason": s.reason, "source": s.source, "expires": s.expires.isoformat() if s.expires else None}}
            for s in result.suppressed],
        "summary": {
            "files_scanned": result.files_scanned,
            "files_skipped": result.files_skipped,
            "rules": result.rule_count,
            "findings": len(result.findings),
            "errors": len(result.errors),
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
    return json.dumps(document(result), indent=2) + "\n"
