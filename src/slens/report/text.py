"""The terminal summary: findings grouped by file, lens question and severity in colour on a tty."""

from __future__ import annotations

from itertools import groupby

from slens.engine import Finding, ScanResult, Severity
from slens.safe_text import escape_controls

_COLORS = {Severity.CRITICAL: "\033[1;35m", Severity.HIGH: "\033[1;31m", Severity.MEDIUM: "\033[33m",
           Severity.LOW: "\033[36m", Severity.INFO: "\033[37m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


def _paint(text: str, code: str, color: bool) -> str:
    return f"{code}{text}{_RESET}" if color else text


def _finding_line(finding: Finding, color: bool) -> str:
    span = finding.span
    where = f"{span.line or '?'}:{span.column or '?'}"
    resource = finding.resource
    if finding.generated_resource and finding.generated_resource != finding.resource:
        resource += f" -> {finding.generated_resource}"
    if finding.label and finding.label != finding.resource:
        # a CDK construct path is the name the user wrote; the logical id is the one CDK hashed from it
        resource = f"{finding.label} ({resource})" if finding.dialect == "cdk" else f"{resource} ({finding.label})"
    live = finding.live
    if live is not None and span.line is not None:  # placed in its template: say which deployment
        resource += f" deployed as {live.arn or live.location}"
    elif live is not None and live.stack:
        resource += f" in stack {live.stack} as {live.logical_id}"
    message = escape_controls(finding.message)
    if finding.count > 1:  # identical findings (on resources one written resource expands to), reported once
        message += f" ({finding.count} identical findings)"
    severity = _paint(f"{finding.severity.value:<8}", _COLORS[finding.severity], color)
    return (f"  {where:>7}  {severity} {finding.rule.question.value:<5} "
            f"{_paint(finding.rule.id, _BOLD, color)}  {message}  "
            f"{_paint('[' + escape_controls(resource) + ']', _DIM, color)}")


def summary_line(result: ScanResult) -> str:
    counts = result.counts_by_severity()
    by_severity = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
    questions = sorted({f.rule.question.value for f in result.findings})
    parts = [f"{len(result.findings)} finding{'s' if len(result.findings) != 1 else ''}"
             + (f" ({by_severity})" if by_severity else "")]
    if questions:
        parts.append(f"under {len(questions)} lens question{'s' if len(questions) != 1 else ''}")
    parts.append(f"in {result.files_scanned} file{'s' if result.files_scanned != 1 else ''} scanned")
    parts.append(f"{result.files_skipped} skipped")
    parts.append(f"{len(result.errors)} error{'s' if len(result.errors) != 1 else ''}")
    if result.notices:
        parts.append(f"{len(result.notices)} notice{'s' if len(result.notices) != 1 else ''}")
    if result.suppressed:
        parts.append(f"{len(result.suppressed)} suppressed")
    if result.baseline_hidden:
        parts.append(f"{result.baseline_hidden} hidden by the baseline")
    if result.framework_skipped:
        parts.append(f"{result.framework_skipped} CDK framework resources skipped")
    if written := sum(1 for f in result.findings if not f.fails):
        parts.append(f"{written} on what CDK writes itself, not failing")
    return ", ".join(parts[:3]) + "; " + ", ".join(parts[3:])


def render(result: ScanResult, color: bool = False) -> str:
    lines: list[str] = []
    for file, findings in groupby(result.findings, key=lambda f: f.span.file):
        lines.append(_paint(escape_controls(file), _BOLD, color))
        lines.extend(_finding_line(f, color) for f in findings)
        lines.append("")
    if result.suppressed:
        lines.append(_paint("suppressed", _BOLD, color))
        for item in result.suppressed:
            until = f", until {item.expires.isoformat()}" if item.expires else ""
            lines.append(escape_controls(f"  {item.finding.span}: {item.finding.rule.id} {item.finding.resource}: "
                                         f"{item.reason} ({item.source}{until})"))
        lines.append("")
    if result.errors:
        lines.append(_paint("errors", _BOLD, color))
        for error in result.errors:
            where = f"{error.file}:{error.line}" if error.line else error.file
            lines.append(escape_controls(f"  {where}: {error.kind.value}: {error.message}"))
        lines.append("")
    if result.notices:  # not the user's mistakes: what the review could not see, and why
        lines.append(_paint("notices", _BOLD, color))
        for notice in result.notices:
            where = f"{notice.file}:{notice.line}" if notice.line else notice.file
            lines.append(escape_controls(f"  {where}: {notice.message}"))
        lines.append("")
    lines.append(summary_line(result))
    if result.findings:  # a finding's message says what is wrong; the rule's page says why and how to fix it
        lines.append(f"Run 'slens rule ID' for a rule's documentation (e.g. slens rule {result.findings[0].rule.id}).")
    return "\n".join(lines) + "\n"
