"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` annotation per finding.

GitHub shows at most 10 annotations of each level per step, so findings come most severe first.
Scan errors come first of all, as ``::error`` lines titled ``slens <kind> error``; notices (what
was not reviewed, through no fault of the user's) come last, as ``::notice`` lines titled ``slens <kind>``.
"""

from __future__ import annotations

from slens.engine import Finding, Notice, ScanError, ScanResult, Severity
from slens.report.sarif import relative_path

COMMANDS = {Severity.CRITICAL: "error", Severity.HIGH: "error", Severity.MEDIUM: "warning",
            Severity.LOW: "notice", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """Escape a command's message (what follows ``::``)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value (``file=``, ``title=``): also ``:`` and ``,``, which end a property."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties: str | int | None) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items()
                     if value is not None)
    return f"::{name} {props}::{escape_data(message)}" if props else f"::{name}::{escape_data(message)}"


def _finding(finding: Finding) -> str:
    span = finding.span
    column = span.column if span.line is not None else None
    return command(COMMANDS[finding.severity], finding.message, file=relative_path(span.file), line=span.line,
                   col=column, title=f"{finding.rule.id} {finding.rule.name}")


def _error(error: ScanError) -> str:
    return command("error", error.message, file=relative_path(error.file) or None, line=error.line,
                   title=f"slens {error.kind.value} error")


def _notice(notice: Notice) -> str:
    return command("notice", notice.message, file=relative_path(notice.file) or None, line=notice.line,
                   title=f"slens {notice.kind.value}")


def render(result: ScanResult, color: bool = False) -> str:
    lines = [_error(e) for e in result.errors]
    ordered = sorted(result.findings, key=lambda f: (-f.severity.rank, f.sort_key()))
    lines += [_finding(f) for f in ordered]
    lines += [_notice(n) for n in result.notices]
    return "".join(line + "\n" for line in lines)
