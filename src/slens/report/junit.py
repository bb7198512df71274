"""JUnit XML for CI test dashboards (GitLab ``artifacts:reports:junit``, Jenkins, Azure DevOps).

One ``<testsuite>`` per template file, not per lens question. The file is what CI dashboards
already group and track by, what a developer owns and fixes, and where scan errors and clean
files belong: a clean file shows as one passing testcase, a file that fails to parse as an
``<error>`` in its own suite. A suite per question would leave errors and clean files nowhere
and would show the same file under several suites; the question is carried by each failure.

Every active finding is a ``<failure type="SEVERITY">`` (``--fail-on`` decides the exit code; the
dashboard lists every finding, and the severity tells them apart); suppressed findings are
``<skipped>`` with the reason; scan errors are ``<error>`` testcases. Notices (a registry module not
downloaded, a remote nested stack, a file named that is not a template) are ``<skipped>`` testcases
too: something was not reviewed, and nothing failed. A file that only a notice names gets no
passing testcase, since nothing in it was reviewed.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict

from slens.engine import Finding, Notice, ScanError, ScanResult, Suppressed
from slens.report.sarif import help_uri, relative_path

#: characters XML 1.0 cannot carry at all, even escaped
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _INVALID_XML.sub("\ufffd", text)


def _case(suite: ET.Element, file: str, name: str, line: int | None) -> ET.Element:
    attributes = {"classname": _clean(file), "name": _clean(name), "file": _clean(file), "time": "0"}
    if line is not None:
        attributes["line"] = str(line)
    return ET.SubElement(suite, "testcase", attributes)


def _name(finding: Finding) -> str:
    # the name the user gave (a CDK construct path) rather than a hashed logical id
    return " ".join(f"{finding.rule.id} {finding.label or finding.resource}: {finding.message}".split())


def _details(finding: Finding) -> str:
    rule = finding.rule
    resource = finding.resource
    if finding.generated_resource and finding.generated_resource != resource:
        resource += f" -> {finding.generated_resource}"
    span = finding.span
    where = relative_path(span.file) + "".join(f":{n}" for n in (span.line, span.column) if n is not None)
    return _clean("\n".join([
        f"{where}: {finding.message}",
        f"rule: {rule.id} {rule.name}: {rule.title}",
        f"severity: {finding.severity.value}",
        f"lens question: {rule.question.value} {rule.question.title} ({rule.pillar.title})",
        f"resource: {resource} ({finding.resource_type})",
        *([f"named: {finding.label}"] if finding.label and finding.label != finding.resource else []),
        *([f"property: {finding.user_path}"] if finding.user_path else []),
        f"help: {help_uri(rule)}",
    ]))


def _add_finding(suite: ET.Element, finding: Finding) -> None:
    case = _case(suite, relative_path(finding.span.file), _name(finding), finding.span.line)
    failure = ET.SubElement(case, "failure", {"message": _clean(finding.message), "type": finding.severity.value})
    failure.text = _details(finding)


def _add_suppressed(suite: ET.Element, item: Suppressed) -> None:
    finding = item.finding
    case = _case(suite, relative_path(finding.span.file), _name(finding), finding.span.line)
    reason = f"suppressed in {item.source}: {item.reason}"
    if item.expires is not None:
        reason += f" (until {item.expires.isoformat()})"
    ET.SubElement(case, "skipped", {"message": _clean(reason)})


def _add_error(suite: ET.Element, error: ScanError) -> None:
    name = " ".join(f"error[{error.kind.value}]: {error.message}".split())
    case = _case(suite, relative_path(error.file), name, error.line)
    element = ET.SubElement(case, "error", {"message": _clean(error.message), "type": error.kind.value})
    where = relative_path(error.file) + (f":{error.line}" if error.line is not None else "")
    element.text = _clean(f"{where}: {error.kind.value} error: {error.message}")


def _add_notice(suite: ET.Element, notice: Notice) -> None:
    name = " ".join(f"note[{notice.kind.value}]: {notice.message}".split())
    case = _case(suite, relative_path(notice.file), name, notice.line)
    ET.SubElement(case, "skipped", {"message": _clean(f"not reviewed: {notice.message}")})


def _files(result: ScanResult) -> list[str]:
    """Scanned files in scan order, then files only findings or errors name (such as unreadable paths)."""
    files = dict.fromkeys(relative_path(f) for f in result.scanned_files)
    others = {relative_path(f.span.file) for f in result.findings}
    others |= {relative_path(s.finding.span.file) for s in result.suppressed}
    others |= {relative_path(e.file) for e in result.errors}
    others |= {relative_path(n.file) for n in result.notices}
    files.update(dict.fromkeys(sorted(others - files.keys())))
    return list(files)


def _count(element: ET.Element, tag: str) -> int:
    return sum(1 for case in element.iter("testcase") if case.find(tag) is not None)


def _totals(element: ET.Element) -> None:
    element.set("tests", str(sum(1 for _ in element.iter("testcase"))))
    for tag, attribute in (("failure", "failures"), ("error", "errors"), ("skipped", "skipped")):
        element.set(attribute, str(_count(element, tag)))
    element.set("time", "0")


def render(result: ScanResult, color: bool = False) -> str:
    findings: dict[str, list[Finding]] = defaultdict(list)
    suppressed: dict[str, list[Suppressed]] = defaultdict(list)
    errors: dict[str, list[ScanError]] = defaultdict(list)
    for finding in result.findings:
        findings[relative_path(finding.span.file)].append(finding)
    for item in result.suppressed:
        suppressed[relative_path(item.finding.span.file)].append(item)
    for error in result.errors:
        errors[relative_path(error.file)].append(error)
    notices: dict[str, list[Notice]] = defaultdict(list)
    for notice in result.notices:
        notices[relative_path(notice.file)].append(notice)
    scanned = {relative_path(f) for f in result.scanned_files}
    root = ET.Element("testsuites", {"name": "slens"})
    for file in _files(result):
        suite = ET.SubElement(root, "testsuite", {"name": _clean(file)})
        if not findings[file] and not errors[file] and (file in scanned or not notices[file]):
            _case(suite, file, "slens: no finding", None)
        for finding in findings[file]:
            _add_finding(suite, finding)
        for item in suppressed[file]:
            _add_suppressed(suite, item)
        for error in errors[file]:
            _add_error(suite, error)
        for notice in notices[file]:
            _add_notice(suite, notice)
        _totals(suite)
    _totals(root)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
