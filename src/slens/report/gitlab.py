"""GitLab Code Quality JSON (``artifacts:reports:codequality``): a list of issues for the merge request widget.

GitLab does not show ``check_name``, so each description starts with the rule id. Fingerprints are the
line-free finding fingerprints (identical fingerprints collapse into one widget entry, so a repeat is salted).
The five severities map one to one onto GitLab's five levels. Scan errors are reported as ``major`` issues
named ``slens/<kind>-error``: a template slens could not read is a template nobody reviewed.
Suppressed findings are left out, and so are notices: Code Quality has no kind of entry that is not
a degradation of the code (its lowest severity, ``info``, still counts as a new issue in the merge request),
and a notice (a registry module not downloaded, a remote nested stack) is nothing the change made worse.
The other formats of the same run carry them.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from slens.engine import ScanResult, Severity
from slens.report.sarif import relative_path

SEVERITIES = {Severity.CRITICAL: "blocker", Severity.HIGH: "critical", Severity.MEDIUM: "major",
              Severity.LOW: "minor", Severity.INFO: "info"}
ERROR_SEVERITY = "major"


def _issue(check: str, description: str, fingerprint: str, severity: str, file: str,
           line: int | None) -> dict[str, Any]:
    return {
        "type": "issue",
        "check_name": check,
        "description": " ".join(description.split()),
        "fingerprint": fingerprint,
        "severity": severity,
        "location": {"path": relative_path(file), "lines": {"begin": line or 1}},
    }


def _unique(fingerprint: str, seen: set[str]) -> str:
    salt = 0
    unique = fingerprint
    while unique in seen:
        salt += 1
        unique = hashlib.sha256(f"{fingerprint}\x1f{salt}".encode()).hexdigest()[:32]
    seen.add(unique)
    return unique


def issues(result: ScanResult) -> list[dict[str, Any]]:
    seen: set[str] = set()
    out = []
    for finding in result.findings:
        rule = finding.rule
        out.append(_issue(rule.id, f"{rule.id} {finding.message}", _unique(finding.fingerprint, seen),
                          SEVERITIES[finding.severity], finding.span.file, finding.span.line))
    for error in result.errors:
        key = "\x1f".join(["error", error.kind.value, relative_path(error.file), error.message])
        fingerprint = _unique(hashlib.sha256(key.encode()).hexdigest()[:32], seen)
        out.append(_issue(f"slens/{error.kind.value}-error", f"slens {error.kind.value} error: {error.message}",
                          fingerprint, ERROR_SEVERITY, error.file, error.line))
    return out


def render(result: ScanResult, color: bool = False) -> str:
    return json.dumps(issues(result), indent=2, ensure_ascii=False) + "\n"
