"""The review as a pull-request comment: risk per question with its reason, then the top findings.

Findings are listed most severe first until the comment would pass :data:`LIMIT` characters (a
GitHub comment holds 65 536); a note then says how many were left out.
"""

from __future__ import annotations

from slens.engine import Finding
from slens.report.markdown import cell
from slens.review.model import RISK_RULES, Review

LIMIT = 60_000
_ICON = {"high": "🔴", "medium": "🟠", "none": "🟢", "not-reviewed": "⚪"}


def _finding_row(f: Finding) -> str:
    return (f"| {f.severity.value} | {f.rule.question.value} | `{f.rule.id}` | {cell(f.resource)} | "
            f"{cell(f.span.file)}:{f.span.line or '?'} | {cell(f.message)} |")


def _short(text: str, most: int = 400) -> str:
    """A reason quotes a resource and a file name, which may be as long as the user made them."""
    return text if len(text) <= most else text[:most - 1] + "…"


def render(review: Review) -> str:
    counts = review.risk_counts()
    out = [f"## slens Serverless Lens review: {counts['high']} high risk, {counts['medium']} medium risk", "",
           "| Question | Risk | Reason |", "|---|---|---|"]
    out += [f"| {q.question.value} {cell(q.question.title)} | {_ICON[q.risk.value]} {q.risk.value} | "
            f"{cell(_short(q.reason))} |" for q in review.questions]
    out += ["", "<sub>Risk rules, first match: " + cell("; ".join(RISK_RULES)) + "</sub>", ""]
    if review.since is not None:
        out.append(f"### Since {cell(review.since)}")
        for c in review.changes:
            named = "; ".join(f"{p.choice_id} {p.before} → {p.after}" for p in c.practices)
            out.append(f"- **{c.question.value}** {c.direction}: {c.risk_before} → {c.risk_after}"
                       + (f" ({cell(named)})" if named else ""))
        if not review.changes:
            out.append("- no question changed")
        out.append("")
    if review.problems or review.errors:
        out.append(f"⚠️ {len(review.errors)} scan error(s), {len(review.problems)} answer problem(s): "
                   "see the text or JSON review.")
        out.append("")
    findings = sorted((f for q in review.questions for p in q.practices for f in p.findings),
                      key=lambda f: (-f.severity.rank, f.sort_key()))
    if findings:
        out += ["### Top findings", "", "| Severity | Question | Rule | Resource | Where | Message |",
                "|---|---|---|---|---|---|"]
        size = sum(len(line) + 1 for line in out)
        shown = 0
        for f in findings:
            row = _finding_row(f)
            if size + len(row) + 1 > LIMIT:
                break
            out.append(row)
            size += len(row) + 1
            shown += 1
        if shown < len(findings):
            out += ["", f"{len(findings) - shown} more findings are not shown, to stay within a comment's size: "
                    "see `slens review --format json`."]
    return "\n".join(out) + "\n"
