"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: one run, describing the rules that have
results (every rule that ran with ``all_rules``), each briefly, with a link to its full documentation.

Choices (see ``/work/shared/research/conventions.md`` 1.2, 1.3 and 9.2):

* ``partialFingerprints["slens/v1"]`` is :attr:`Finding.fingerprint` (rule, file, resource, property path; never
  a line), so alerts survive edits that move lines. ``primaryLocationLineHash`` is left to ``upload-sarif``.
* ``security-severity`` is set on Security-pillar rules only; critical is 9.5 because GitHub rates a score
  *above* 9.0 as critical (9.0 itself shows as high); the other scores sit inside GitHub's bands.
* Suppressed findings are results with ``suppressions``; GitHub does not honour that property, so callers that
  upload to GitHub should leave them out of the scan result unless asked for (``--include-suppressed``).
"""

from __future__ import annotations

import json
import re
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import quote

from slens import RULE_DOCS_URL
from slens.docs import page_name
from slens.engine import Finding, Notice, Rule, ScanError, ScanResult, Severity, Suppressed
from slens.lens import Pillar
from slens.safe_text import escape_controls

SCHEMA_URI = "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json"
INFORMATION_URI = RULE_DOCS_URL.split("/blob/")[0]
FINGERPRINT_KEY = "slens/v1"
SRCROOT = "%SRCROOT%"
#: where findings on deployed resources that no template line anchors are filed
LIVE_PREFIX = "aws://"

LEVELS = {Severity.CRITICAL: "error", Severity.HIGH: "error", Severity.MEDIUM: "warning",
          Severity.LOW: "note", Severity.INFO: "note"}
SECURITY_SEVERITY = {Severity.CRITICAL: "9.5", Severity.HIGH: "7.0", Severity.MEDIUM: "5.0",
                     Severity.LOW: "3.0", Severity.INFO: "1.0"}
_PROBLEM_SEVERITY = {"error": "error", "warning": "warning", "note": "recommendation"}
_DRIVE = re.compile(r"^[A-Za-z]:/")
_IN_SOURCE = frozenset({"template metadata", "inline comment"})


_WINDOWS = re.compile(r"^(?:[A-Za-z]:\\|\.\\|\\\\)")


def relative_path(file: str) -> str:
    """The file as reports show it: POSIX separators, no leading ``./``."""
    # a Windows path's separators; not a backslash of an escape slens wrote (``caf\\xe9``, ``a\\nb``)
    path = escape_controls(file.replace("\\", "/") if _WINDOWS.match(file) else file)
    while path.startswith("./"):
        path = path[2:]
    return path


def artifact_location(file: str) -> dict[str, str]:
    if file.startswith(LIVE_PREFIX):  # an account and region: an absolute URI of its own
        return {"uri": quote(escape_controls(file), safe="/:")}
    path = relative_path(file)
    if path.startswith("/"):
        return {"uri": PurePosixPath(path).as_uri()}
    if _DRIVE.match(path):
        return {"uri": PureWindowsPath(path).as_uri()}
    return {"uri": quote(path), "uriBaseId": SRCROOT}


def help_uri(rule: Rule) -> str:
    return RULE_DOCS_URL + page_name(rule)


def rule_help(rule: Rule) -> dict[str, str]:
    """The rule's title and where its documentation is: the full page, with its fix snippets, is
    ~12 kB a rule (most of a report's size), and ``fullDescription`` already says what is checked."""
    more = f"Documentation: `slens rule {rule.id}` or"
    return {"text": f"{rule.title}. {more} {help_uri(rule)}",
            "markdown": f"**{rule.title}**\n\n{more} [{rule.id}]({help_uri(rule)})."}


def rule_descriptor(rule: Rule) -> dict[str, Any]:
    level = LEVELS[rule.severity]
    security = rule.pillar is Pillar.SECURITY
    services = [s.value for s in rule.services]
    tags = [rule.pillar.value, rule.question.value, *services, *(["security"] if security else [])]
    properties: dict[str, Any] = {"tags": list(dict.fromkeys(tags))}
    if security:
        properties["security-severity"] = SECURITY_SEVERITY[rule.severity]
    else:
        properties["problem.severity"] = _PROBLEM_SEVERITY[level]
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.sections().get("What it does", rule.title)},
        "help": rule_help(rule),
        "helpUri": help_uri(rule),
        "defaultConfiguration": {"level": level},
        "properties": properties,
    }


def _rules(result: ScanResult, all_rules: bool) -> list[Rule]:
    """The rules that ran and have results (all that ran with ``all_rules``), then any rule a
    result cites that is not among them; in the order they ran."""
    rules: dict[str, Rule] = {}
    cited = [f.rule for f in result.findings] + [s.finding.rule for s in result.suppressed]
    ids = {rule.id for rule in cited}
    for rule in (*(r for r in result.rules if all_rules or r.id in ids), *cited):
        rules.setdefault(rule.id, rule)
    return list(rules.values())


def _location(file: str, line: int | None, column: int | None) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": artifact_location(file)}
    if line is not None:
        region: dict[str, int] = {"startLine": line}
        if column is not None:
            region["startColumn"] = column
        physical["region"] = region
    return {"physicalLocation": physical}


def _logical(resource: str, generated: str | None) -> dict[str, str]:
    qualified = f"{resource}/{generated}" if generated and generated != resource else resource
    return {"name": resource, "fullyQualifiedName": qualified, "kind": "resource"}


def result_object(finding: Finding, index: dict[str, int]) -> dict[str, Any]:
    span = finding.span
    live = finding.live
    location = _location(span.file, span.line, span.column)
    logical = _logical(finding.resource, finding.generated_resource)
    if live is not None and live.arn and span.line is None:
        # no line of a template to show: the ARN is what names the resource in the account
        logical["fullyQualifiedName"] = live.arn
    location["logicalLocations"] = [logical]
    properties: dict[str, Any] = {"severity": finding.severity.value, "question": finding.rule.question.value,
                                  "resourceType": finding.resource_type,
                                  "propertyPath": [str(p) for p in finding.path]}
    if finding.label:
        properties["label"] = finding.label
    properties["dialect"] = finding.dialect
    if finding.user_path:  # the property in the words the user wrote
        properties["property"] = finding.user_path
    if live is not None:
        properties["deployed"] = {"arn": live.arn, "account": live.account, "region": live.region,
                                  "stack": live.stack, "logicalId": live.logical_id}
    out: dict[str, Any] = {
        "ruleId": finding.rule.id,
        "ruleIndex": index[finding.rule.id],
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
        "properties": properties,
    }
    if finding.count > 1:  # identical findings collapsed into this one
        out["occurrenceCount"] = finding.count
    return out


def suppressed_object(item: Suppressed, index: dict[str, int]) -> dict[str, Any]:
    out = result_object(item.finding, index)
    suppression: dict[str, Any] = {"kind": "inSource" if item.source in _IN_SOURCE else "external",
                                   "status": "accepted", "justification": item.reason,
                                   "properties": {"source": item.source}}
    if item.expires is not None:
        suppression["properties"]["expires"] = item.expires.isoformat()
    out["suppressions"] = [suppression]
    return out


def notification(error: ScanError, index: dict[str, int]) -> dict[str, Any]:
    out: dict[str, Any] = {"level": "error", "message": {"text": error.message},
                           "descriptor": {"id": f"slens/{error.kind.value}"}}
    if error.file:
        location = _location(error.file, error.line, None)
        if error.resource:
            location["logicalLocations"] = [_logical(error.resource, None)]
        out["locations"] = [location]
    if error.rule_id:
        rule_ref: dict[str, Any] = {"id": error.rule_id}
        if error.rule_id in index:
            rule_ref["index"] = index[error.rule_id]
        out["associatedRule"] = rule_ref
    return out


def notice_notification(notice: Notice) -> dict[str, Any]:
    """A notice is a ``note``: the run succeeded, and this is what it could not review."""
    out: dict[str, Any] = {"level": "note", "message": {"text": notice.message},
                           "descriptor": {"id": f"slens/{notice.kind.value}"}}
    if notice.file:
        out["locations"] = [_location(notice.file, notice.line, None)]
    return out


def document(result: ScanResult, all_rules: bool = False) -> dict[str, Any]:
    rules = _rules(result, all_rules)
    index = {rule.id: i for i, rule in enumerate(rules)}
    invocation: dict[str, Any] = {"executionSuccessful": not result.errors}
    notifications = [notification(e, index) for e in result.errors]
    notifications += [notice_notification(n) for n in result.notices]
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    driver = {"name": "slens", "version": result.tool_version, "semanticVersion": result.tool_version,
              "informationUri": INFORMATION_URI, "rules": [rule_descriptor(r) for r in rules]}
    results = [result_object(f, index) for f in result.findings]
    results += [suppressed_object(s, index) for s in result.suppressed]
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{"tool": {"driver": driver}, "invocations": [invocation], "columnKind": "unicodeCodePoints",
                  "results": results}],
    }


def render(result: ScanResult, color: bool = False, all_rules: bool = False) -> str:
    return json.dumps(document(result, all_rules), indent=2, ensure_ascii=False) + "\n"
