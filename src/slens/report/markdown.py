"""A pull-request comment or ``$GITHUB_STEP_SUMMARY``: verdict, counts per lens question, findings.

The findings table folds into ``<details>`` past :data:`FOLD_AFTER` rows and stops at :data:`MAX_ROWS`
(a GitHub comment holds 65 536 characters). Cells are escaped so template text such as
``/aws/lambda/<name>`` or ``a|b`` cannot break the table or turn into HTML.
"""

from __future__ import annotations

import re

from slens.engine import Finding, ScanResult, Severity
from slens.engine.rule import FIX_FENCES
from slens.lens import Question
from slens.report.sarif import help_uri, relative_path

FOLD_AFTER = 10
MAX_ROWS = 200
#: characters that would start emphasis, code, links or strikethrough inside a cell
_MARKUP = re.compile(r"[\\`*_\[\]~]")


def cell(text: str) -> str:
    text = _MARKUP.sub(r"\\\g<0>", " ".join(text.split()))
    for raw, escaped in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("|", "\\|")):
        text = text.replace(raw, escaped)
    return text


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _verdict(result: ScanResult) -> str:
    found = _plural(len(result.findings), "finding")
    threshold = result.fail_on.value if result.fail_on else "never"
    failing = f"{_plural(len(result.failing), 'finding')} at or above {threshold}"
    if result.errors:
        return f"## ⚠️ slens: {_plural(len(result.errors), 'scan error')}, {failing} ({found} in all)"
    if result.failing:
        return f"## ❌ slens: {failing} ({found} in all)"
    if result.findings:
        return f"## ✅ slens: passed with {found} below the failure threshold"
    return "## ✅ slens: no findings"


def _counts(result: ScanResult) -> list[str]:
    severities = list(Severity)
    out = ["| Lens question | " + " | ".join(s.value for s in severities) + " | total |",
           "|---|" + "---:|" * (len(severities) + 1)]
    for question in Question:
        found = [f for f in result.findings if f.rule.question is question]
        if found:
            counts = [sum(1 for f in found if f.severity is s) for s in severities]
            out.append(f"| {question.value} {cell(question.title)} | " + " | ".join(map(str, counts))
                       + f" | {len(found)} |")
    totals = result.counts_by_severity()
    out.append("| **total** | " + " | ".join(str(totals[s.value]) for s in severities)
               + f" | **{len(result.findings)}** |")
    return out


def _row(finding: Finding) -> str:
    span = finding.span
    where = relative_path(span.file) + (f":{span.line}" if span.line is not None else "")
    # the name the user gave (a construct path, a Terraform address) rather than a hashed logical id
    resource = finding.label or finding.resource
    if finding.generated_resource and finding.generated_resource not in (resource, finding.resource):
        resource += f" → {finding.generated_resource}"
    title = cell(finding.rule.title).replace('"', "'")
    rule = f'[{finding.rule.id}]({help_uri(finding.rule)} "{title}")'
    return f"| {finding.severity.value} | {rule} | {cell(resource)} | {cell(where)} | {cell(finding.message)} |"


def _findings(result: ScanResult) -> list[str]:
    ordered = sorted(result.findings, key=lambda f: (-f.severity.rank, f.sort_key()))
    rows = ["| Severity | Rule | Resource | File | Message |", "|---|---|---|---|---|"]
    rows += [_row(f) for f in ordered[:MAX_ROWS]]
    if len(ordered) > MAX_ROWS:
        rows += ["", f"… and {len(ordered) - MAX_ROWS} more: see the full report."]
    if len(ordered) <= FOLD_AFTER:
        return ["### Findings", "", *rows]
    return ["<details>", f"<summary>{_plural(len(ordered), 'finding')}</summary>", "", *rows, "", "</details>"]


#: fix snippets a comment shows at most: the rule pages have the rest
MAX_FIXES = 12
_FENCE = "`" * 3


def _fixes(result: ScanResult) -> list[str]:
    """Each rule's fix in the dialects its findings were written in, folded: a Terraform team reads Terraform."""
    seen: dict[tuple[str, str], tuple[str, str]] = {}
    for finding in sorted(result.findings, key=lambda f: (-f.severity.rank, f.rule.id)):
        fix = finding.rule.fix_for(finding.dialect)
        if fix is not None:
            seen.setdefault((finding.rule.id, fix[0]), (finding.rule.title, fix[1]))
    if not seen:
        return []
    lines = ["<details>", f"<summary>How to fix: {_plural(len(seen), 'snippet')}</summary>", ""]
    for (rule_id, dialect), (title, snippet) in list(seen.items())[:MAX_FIXES]:
        lines += [f"**{rule_id}** {cell(title)} ({dialect}):", "", _FENCE + FIX_FENCES.get(dialect, "yaml"),
                  snippet.rstrip().replace(_FENCE, "'''"), _FENCE, ""]
    if len(seen) > MAX_FIXES:
        lines += [f"… and {len(seen) - MAX_FIXES} more on the rules' pages.", ""]
    return [*lines, "</details>"]


def _suppressed(result: ScanResult) -> list[str]:
    lines = ["<details>", f"<summary>{_plural(len(result.suppressed), 'suppressed finding')}</summary>", ""]
    for item in result.suppressed:
        until = f" (until {item.expires.isoformat()})" if item.expires else ""
        lines.append(f"- {item.finding.rule.id} {cell(item.finding.resource)}: {cell(item.reason)} "
                     f"({cell(item.source)}){until}")
    return [*lines, "", "</details>"]


def _errors(result: ScanResult) -> list[str]:
    lines = ["### Scan errors", ""]
    for error in result.errors:
        where = relative_path(error.file) + (f":{error.line}" if error.line is not None else "")
        lines.append(f"- {cell(where)}: {error.kind.value} error: {cell(error.message)}")
    return lines


def _notices(result: ScanResult) -> list[str]:
    lines = ["### Not reviewed", "", "Nothing to fix here: what slens could not see, and why.", ""]
    for notice in result.notices:
        where = relative_path(notice.file) + (f":{notice.line}" if notice.line is not None else "")
        lines.append(f"- {cell(where)}: {cell(notice.message)}")
    return lines


def render(result: ScanResult, color: bool = False) -> str:
    scope = (f"{_plural(result.files_scanned, 'file')} scanned, {_plural(result.files_skipped, 'file')} skipped, "
             f"{_plural(result.rule_count, 'rule')}, slens {result.tool_version}")
    out = [_verdict(result), "", scope, ""]
    if result.findings:
        out += [*_counts(result), "", *_findings(result), ""]
        out += [*fixes, ""] if (fixes := _fixes(result)) else []
    if result.suppressed:
        out += [*_suppressed(result), ""]
    if result.baseline_hidden:
        out += [f"{_plural(result.baseline_hidden, 'finding')} hidden by the baseline.", ""]
    if result.errors:
        out += [*_errors(result), ""]
    if result.notices:
        out += [*_notices(result), ""]
    return "\n".join(out).rstrip() + "\n"
