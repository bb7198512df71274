"""One line per finding, ``path:line:col: ID message``, for grep, editors and pre-commit.

Scan errors read ``path:line: error[kind]: message``, notices (what was not reviewed, through no
fault of the user's) ``path:line: note[kind]: message``, as compilers print them. Unknown lines or columns are left out
(``path: ID message``), never written as 0. Nothing else is printed: no summary, no colour.
"""

from __future__ import annotations

from slens.engine import Finding, Notice, ScanError, ScanResult
from slens.report.sarif import relative_path


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _where(file: str, line: int | None, column: int | None) -> str:
    where = relative_path(file)
    if line is not None:
        where += f":{line}"
        if column is not None:
            where += f":{column}"
    return where


def finding_line(finding: Finding) -> str:
    span = finding.span
    line = f"{_where(span.file, span.line, span.column)}: {finding.rule.id} {_one_line(finding.message)}"
    live = finding.live
    if live is not None:  # the location is a template line or a whole account: this names the resource
        named = live.arn or (f"stack {live.stack} {live.logical_id}" if live.stack else "")
        line += f" [{_one_line(named)}]" if named else ""
    return line


def error_line(error: ScanError) -> str:
    return f"{_where(error.file, error.line, None)}: error[{error.kind.value}]: {_one_line(error.message)}"


def notice_line(notice: Notice) -> str:
    return f"{_where(notice.file, notice.line, None)}: note[{notice.kind.value}]: {_one_line(notice.message)}"


def render(result: ScanResult, color: bool = False) -> str:
    lines = [finding_line(f) for f in result.findings] + [error_line(e) for e in result.errors]
    lines += [notice_line(n) for n in result.notices]
    return "".join(line + "\n" for line in lines)
