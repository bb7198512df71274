"""The review as a JSON document, schema version :data:`REVIEW_SCHEMA_VERSION` (docs/review.md)."""

from __future__ import annotations

from typing import Any

from slens.report.json_report import error_dict, finding_dict, layout
from slens.review.model import REVIEW_SCHEMA_VERSION, RISK_RULES, PracticeReview, QuestionChange, Review


def _practice(p: PracticeReview) -> dict[str, Any]:
    answer = p.answer
    return {
        "choice_id": p.choice_id, "title": p.title, "level": p.level, "checkable": p.checkable,
        "rules": list(p.rules), "status": p.status.value, "reason": p.reason, "resources_checked": p.checked,
        "findings": [finding_dict(f) for f in p.findings],
        "answer": None if answer is None else {"answer": answer.answer, "notes": answer.notes, "owner": answer.owner,
                                               "date": answer.date, "file": answer.file, "line": answer.line},
    }


def _change(c: QuestionChange) -> dict[str, Any]:
    return {"question": c.question.value, "risk_before": c.risk_before, "risk_after": c.risk_after,
            "direction": c.direction,
            "practices": [{"choice_id": p.choice_id, "title": p.title, "before": p.before, "after": p.after}
                          for p in c.practices]}


def document(review: Review) -> dict[str, Any]:
    return {
        "review_schema_version": REVIEW_SCHEMA_VERSION,
        "tool": {"name": "slens", "version": review.tool_version},
        "lens": "serverless",
        "risk_rules": list(RISK_RULES),
        "files": list(review.scanned_files),
        "answers_file": review.answers_file,
        "summary": review.risk_counts(),
        "questions": [{"id": q.question.value, "wa_id": q.question.wa_id, "pillar": q.question.pillar.value,
                       "title": q.question.title, "risk": q.risk.value, "reason": q.reason,
                       "practices": [_practice(p) for p in q.practices]} for q in review.questions],
        "errors": [error_dict(e) for e in review.errors],
        "answer_problems": [{"file": p.file, "line": p.line, "message": p.message} for p in review.problems],
        "event_flows": [{"file": f.file, "omitted": f.omitted,
                         "nodes": [{"id": n.id, "name": n.name, "type": n.type, "line": n.line} for n in f.nodes],
                         "edges": [{"source": e.source, "relation": e.relation, "target": e.target}
                                   for e in f.edges]} for f in review.flows],
        "since": None if review.since is None else {"file": review.since,
                                                    "changes": [_change(c) for c in review.changes]},
    }


def render(review: Review) -> str:
    # the C encoder: ``indent`` would switch to the pure-Python one, several times slower on a big review
    return layout(document(review), deepest=3, ascii_only=False) + "\n"
