"""The review on a terminal: each question's risk and its reason, then every practice's status."""

from __future__ import annotations

from slens.review.model import RISK_RULES, Review
from slens.safe_text import escape_controls

_MARK = {"passed": "ok", "failed": "FAIL", "not-applicable": "n/a", "answered": "yes", "unanswered": "?"}


def risk_lines(review: Review) -> list[str]:
    return [f"  {q.question.value:<5}  {q.risk.value:<12}  {escape_controls(q.reason)}" for q in review.questions]


def render(review: Review) -> str:
    files = len(review.scanned_files)
    out = [f"Serverless Lens review (slens {review.tool_version}): {files} file{'' if files == 1 else 's'}"
           + (f", answers from {escape_controls(review.answers_file)}" if review.answers_file else ""), "",
           "Risk per question:", *risk_lines(review), ""]
    for q in review.questions:
        out.append(f"{q.question.value} {q.question.title} [risk: {q.risk.value}]")
        for p in q.practices:
            who = "" if p.checkable else " (needs a person)"
            mark = f"{_MARK[p.status.value]:<4} {p.status.value:<14}"
            out.append(f"  {mark} {p.choice_id:<16} [{p.level}] {p.title}{who}")
            out.append(f"       {escape_controls(p.reason)}")
        out.append("")
    if review.since is not None:
        out.append(f"Since {escape_controls(review.since)}:")
        for c in review.changes:
            out.append(f"  {c.question.value:<5}  {c.direction}: risk {c.risk_before} -> {c.risk_after}")
            out += [f"         {p.choice_id} {p.title}: {p.before} -> {p.after}" for p in c.practices]
        if not review.changes:
            out.append("  no question changed")
        out.append("")
    if review.problems:
        out.append("Answer problems (those answers are not used):")
        out += [f"  {escape_controls(p.file)}:{p.line or '?'}: {escape_controls(p.message)}" for p in review.problems]
        out.append("")
    if review.errors:
        out.append("Scan errors (these files' evidence is missing from the review):")
        out += [f"  {escape_controls(e.file)}:{e.line or '?'}: {escape_controls(e.message)}" for e in review.errors]
        out.append("")
    counts = review.risk_counts()
    out.append("Risk rules, first match: " + "; ".join(RISK_RULES))
    out.append(", ".join(f"{n} {risk}" for risk, n in counts.items()) + " (questions by risk)")
    return "\n".join(out) + "\n"
