"""A review -> what ``slens review push`` writes to a Well-Architected Tool workload, question by question.

Pure: no AWS SDK here, so the dry run (the default) cannot reach AWS; :mod:`slens.review.wa_tool`
sends a plan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from slens.review.model import PracticeReview, QuestionReview, Review, Status

LENS_ALIAS = "serverless"
#: the limits of UpdateAnswer in botocore's service model for ``wellarchitected``
NOTES_MAX = 2084
CHOICE_NOTES_MAX = 250
CHOICES_MAX = 64
#: a workload id as the service model's pattern gives it
WORKLOAD_ID = re.compile(r"[0-9a-f]{32}")
TOP_FINDINGS = 5


@dataclass(frozen=True)
class NotApplicable:
    choice_id: str
    #: one of the service's ChoiceReason values
    reason: str
    notes: str


@dataclass(frozen=True)
class QuestionPlan:
    question_id: str
    label: str
    risk: str
    #: the choices slens saw passing or the team answered yes, in choice order
    selected: tuple[str, ...]
    not_applicable: tuple[NotApplicable, ...]
    notes: str

    def request(self, workload_id: str, dropped: frozenset[str] = frozenset()) -> dict[str, object]:
        """UpdateAnswer's parameters, without the choice ids in ``dropped`` (those the service rejected)."""
        params: dict[str, object] = {"WorkloadId": workload_id, "LensAlias": LENS_ALIAS,
                                     "QuestionId": self.question_id, "Notes": self.notes}
        selected = [c for c in self.selected if c not in dropped]
        # an empty SelectedChoices is outside the model (min 1): leave the selection as the team set it
        if selected:
            params["SelectedChoices"] = selected
        updates = {n.choice_id: {"Status": "NOT_APPLICABLE", "Reason": n.reason, "Notes": n.notes}
                   for n in self.not_applicable if n.choice_id not in dropped}
        if updates:
            params["ChoiceUpdates"] = updates
        return params


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _not_applicable(practice: PracticeReview) -> NotApplicable:
    if practice.answer is not None and practice.answer.answer == "not-applicable":
        note = practice.answer.notes or practice.reason
        return NotApplicable(practice.choice_id, "OTHER", _clip(f"answered: {note}", CHOICE_NOTES_MAX))
    # slens found no resource its rules concern: the practice is outside this workload's scope
    return NotApplicable(practice.choice_id, "OUT_OF_SCOPE", _clip(f"slens: {practice.reason}", CHOICE_NOTES_MAX))


def notes(question: QuestionReview, tool_version: str, limit: int = NOTES_MAX) -> str:
    """The evidence, most important first, cut at a whole line with a count of what was left out."""
    findings = sorted((f for p in question.practices for f in p.findings),
                      key=lambda f: (-f.severity.rank, f.sort_key()))
    counts = {s.value: sum(1 for p in question.practices if p.status is s) for s in Status}
    head = [f"slens {tool_version}: risk {question.risk.value}: {_clip(question.reason, 300)}",
            f"{len(findings)} findings; practices: "
            + ", ".join(f"{n} {status}" for status, n in counts.items() if n)]
    body = [f"- {f.severity.value} {f.rule.id} {f.resource} ({f.span.file}:{f.span.line or 0})"
            for f in findings[:TOP_FINDINGS]]
    if body:
        body.insert(0, "Top findings:")
    if len(findings) > TOP_FINDINGS:
        body.append(f"- and {len(findings) - TOP_FINDINGS} more findings")
    answered = [p for p in question.practices if p.answer is not None]
    if answered:
        body.append("Answers:")
        for p in answered:
            assert p.answer is not None
            who = ", ".join(part for part in (p.answer.owner, p.answer.date) if part)
            said = f"- {p.choice_id} {p.answer.answer}" + (f" ({who})" if who else "")
            body.append(said + (f": {p.answer.notes}" if p.answer.notes else ""))
    text = "\n".join(head)
    for i, line in enumerate(body):
        rest = len(body) - i - 1
        more = f"\n({rest + 1} more lines: see the slens review)"
        if len(text) + 1 + len(line) + (len(more) if rest else 0) > limit:
            return _clip(text + more, limit)
        text += "\n" + line
    return _clip(text, limit)


def plan(review: Review) -> tuple[QuestionPlan, ...]:
    plans = []
    for question in review.questions:
        selected = tuple(p.choice_id for p in question.practices if p.status in (Status.PASSED, Status.ANSWERED))
        na = tuple(_not_applicable(p) for p in question.practices if p.status is Status.NOT_APPLICABLE)
        plans.append(QuestionPlan(question.question.wa_id, question.question.value, question.risk.value,
                                  selected[:CHOICES_MAX], na[:CHOICES_MAX], notes(question, review.tool_version)))
    return tuple(plans)


def render_plan(plans: tuple[QuestionPlan, ...], workload_id: str, apply: bool) -> str:
    mode = "applying" if apply else "dry run: nothing is sent; --apply writes it"
    lines = [f"slens review push: workload {workload_id}, lens {LENS_ALIAS} ({mode})",
             f"  AssociateLenses {LENS_ALIAS}"]
    for p in plans:
        lines.append(f"  {p.question_id:<8} {p.label:<6} risk {p.risk:<13} notes {len(p.notes)} chars")
        lines.append(f"    select: {', '.join(p.selected) or '(none: the selection is left as it is)'}")
        if p.not_applicable:
            lines.append("    not applicable: " + ", ".join(f"{n.choice_id} ({n.reason})" for n in p.not_applicable))
    return "\n".join(lines) + "\n"
