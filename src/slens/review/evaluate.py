"""A scan result and the team's answers -> a status per practice and a risk per question.

A practice's status, the first that applies:

1. **failed**: one of its rules reported a finding of low severity or above (info findings are
   advice, they never fail a practice), or the team answered ``no``;
2. **passed**: its rules checked at least one resource and reported nothing at low or above;
3. **answered**: the team answered ``yes``;
4. **not applicable**: the team answered ``not-applicable``, or slens can check it but found no
   resource any of its rules concerns;
5. **unanswered**: slens cannot check it and nobody answered it.

A question's risk, the first that applies (the reason is reported beside it):

1. **high**: a Required practice failed, or any of its practices has a high or critical finding;
2. **not reviewed**: no practice passed, failed or was answered (nothing to check, no answer);
3. **medium**: a Good or Best practice failed, or a Required practice is unanswered;
4. **none**: every other case: each practice passed, was answered or does not apply (a Good or
   Best practice left unanswered does not raise the risk).
"""

from __future__ import annotations

from collections.abc import Mapping

from slens.engine import Finding, ScanResult, Severity
from slens.lens import Level, Question
from slens.review.model import Answer, PracticeReview, Problem, QuestionReview, Review, Risk, Status
from slens.review.practices import lens_practices


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _practice(question: Question, choice_id: str, title: str, level: Level, rules: tuple[str, ...],
              result: ScanResult, answer: Answer | None) -> PracticeReview:
    findings = tuple(f for f in result.findings if f.rule.practice.choice_id == choice_id)
    failing = [f for f in findings if f.severity.rank >= Severity.LOW.rank]
    checked = sum(result.checked_by(rule) for rule in rules)
    said = answer.answer if answer is not None else None
    if failing:
        ids = ", ".join(sorted({f.rule.id for f in failing}))
        status, reason = Status.FAILED, f"{_plural(len(failing), 'finding')} ({ids})"
    elif said == "no":
        status, reason = Status.FAILED, f"answered no{_by(answer)}"
    elif checked:
        advice = f", {_plural(len(findings), 'info finding')}" if findings else ""
        status = Status.PASSED
        reason = f"{', '.join(rules)} checked {_plural(checked, 'resource')}: no finding{advice}"
    elif said == "yes":
        status, reason = Status.ANSWERED, f"answered yes{_by(answer)}"
    elif said == "not-applicable":
        status, reason = Status.NOT_APPLICABLE, f"answered not applicable{_by(answer)}"
    elif rules:
        status, reason = Status.NOT_APPLICABLE, f"no resource that {', '.join(rules)} check"
    else:
        status, reason = Status.UNANSWERED, "needs a person: no rule checks it and nobody answered"
    return PracticeReview(question, choice_id, title, level.value, rules, status, reason, checked, findings, answer)


def _by(answer: Answer | None) -> str:
    if answer is None:
        return ""
    who = [part for part in (answer.owner, answer.date) if part]
    return f" ({', '.join(who)})" if who else ""


def _titles(practices: list[PracticeReview]) -> str:
    return "; ".join(f"{p.choice_id} {p.title!r}" for p in practices)


def question_risk(practices: tuple[PracticeReview, ...]) -> tuple[Risk, str]:
    def failed(*levels: str) -> list[PracticeReview]:
        return [p for p in practices if p.status is Status.FAILED and p.level in levels]

    required = failed(Level.REQUIRED.value)
    if required:
        return Risk.HIGH, f"Required practice failed: {_titles(required)}"
    severe = [f for p in practices for f in p.findings if f.severity.rank >= Severity.HIGH.rank]
    if severe:
        return Risk.HIGH, f"{_plural(len(severe), 'high or critical finding')}: {_first(severe)}"
    if not any(p.status in (Status.PASSED, Status.FAILED, Status.ANSWERED) or p.answer is not None
               for p in practices):
        return Risk.NOT_REVIEWED, "no practice passed, failed or was answered"
    other = failed(Level.GOOD.value, Level.BEST.value)
    if other:
        return Risk.MEDIUM, f"Good or Best practice failed: {_titles(other)}"
    open_ = [p for p in practices if p.status is Status.UNANSWERED and p.level == Level.REQUIRED.value]
    if open_:
        return Risk.MEDIUM, f"Required practice unanswered: {_titles(open_)}"
    unanswered = sum(1 for p in practices if p.status is Status.UNANSWERED)
    if unanswered:  # said as it is: these practices are open, they just do not make a risk
        return Risk.NONE, (f"no practice failed and every Required one is met; "
                           f"{_plural(unanswered, 'Good or Best practice')} unanswered")
    return Risk.NONE, "every practice passed, was answered or does not apply"


def _first(findings: list[Finding]) -> str:
    f = min(findings, key=lambda f: (-f.severity.rank, f.sort_key()))
    return f"{f.rule.id} on {f.resource} ({f.span.file}:{f.span.line or 0})"


def build_review(result: ScanResult, answers: Mapping[str, Answer] | None = None, answers_file: str | None = None,
                 problems: tuple[Problem, ...] = ()) -> Review:
    answers = answers or {}
    by_question: dict[Question, list[PracticeReview]] = {q: [] for q in Question}
    for lens_practice in lens_practices(result.rules):
        p = lens_practice.practice
        by_question[p.question].append(_practice(p.question, p.choice_id, p.title, p.level, lens_practice.rules,
                                                  result, answers.get(p.choice_id)))
    questions = []
    for question, practices in by_question.items():
        risk, reason = question_risk(tuple(practices))
        questions.append(QuestionReview(question, risk, reason, tuple(practices)))
    return Review(tuple(questions), result.tool_version, result.scanned_files, result.errors, answers_file, problems,
                  suppressed=result.suppressed, notices=result.notices, skipped_files=result.skipped_files,
                  flows=result.flows)
