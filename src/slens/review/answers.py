"""The team's answers file (``slens-review.yaml``): reading it, and writing a fresh one.

Every problem is reported with its file and line, and the answer it concerns is not used: an
unknown practice id, a practice answered twice, a value other than yes, no or not-applicable, a
missing or malformed date, or an answer older than the maximum age (it has to be confirmed
again, and its date updated).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from slens.config import read_config_text
from slens.loaders.yamlparse import YamlError, YMap, parse_yaml
from slens.review.model import ANSWER_VALUES, Answer, Problem, Review, Status
from slens.review.practices import by_choice_id
from slens.safe_text import escape_controls

ANSWERS_FILE = "slens-review.yaml"
DEFAULT_MAX_AGE_DAYS = 365
_FIELDS = ("answer", "notes", "owner", "date")
_DUPLICATE = re.compile(r"^duplicate key '([^']+)' \(first at line (\d+)\)")


def load_answers(path: Path, today: date, max_age_days: int = DEFAULT_MAX_AGE_DAYS,
                 ) -> tuple[dict[str, Answer], tuple[Problem, ...]]:
    """Raises ConfigError when the file cannot be read; everything else is a Problem."""
    file = str(path)
    try:
        data, warnings = parse_yaml(read_config_text(path))
    except YamlError as exc:
        return {}, (Problem(file, exc.line, f"invalid YAML: {exc.message}"),)
    problems: list[Problem] = []
    twice: set[str] = set()
    for line, message in warnings:
        duplicate = _DUPLICATE.match(message)
        if duplicate and duplicate.group(1) in by_choice_id():
            # which of two answers the team meant must not be a guess
            twice.add(duplicate.group(1))
            message = f"{duplicate.group(1)}: answered twice (first at line {duplicate.group(2)}): neither is used"
        problems.append(Problem(file, line, message))
    if not isinstance(data, YMap) or not isinstance(data.get("answers"), (YMap, type(None))):
        return {}, (*problems, Problem(file, getattr(data, "line", None),
                                       "expected a mapping with an 'answers' mapping"))
    entries: YMap | None = data.get("answers")
    known = by_choice_id()
    answers: dict[str, Answer] = {}
    for choice_id, entry in (entries or {}).items():
        line = entries.key_pos.get(choice_id, (data.line, 0))[0] if entries is not None else 0
        if choice_id in twice:
            continue
        if choice_id not in known:
            problems.append(Problem(file, line, f"unknown practice id {choice_id!r} (see 'slens review init')"))
            continue
        if entry is None:
            continue
        if not isinstance(entry, YMap):
            problems.append(Problem(file, line, f"{choice_id}: expected a mapping of {', '.join(_FIELDS)}"))
            continue
        made = _answer(file, choice_id, entry, today, max_age_days)
        if isinstance(made, Problem):
            problems.append(made)
        elif made is not None:
            answers[choice_id] = made
    return answers, tuple(sorted(problems, key=lambda p: p.line or 0))


def _at(entry: YMap, key: str) -> int:
    return entry.key_pos.get(key, (entry.line, 0))[0]


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _answer(file: str, choice_id: str, entry: YMap, today: date, max_age_days: int) -> Answer | Problem | None:
    unknown = [key for key in entry if key not in _FIELDS]
    if unknown:
        return Problem(file, _at(entry, unknown[0]), f"{choice_id}: unknown field {unknown[0]!r} "
                       f"(fields: {', '.join(_FIELDS)})")
    # YAML reads a bare yes and no as booleans
    raw = entry.get("answer")
    value = {True: "yes", False: "no"}.get(raw, raw) if isinstance(raw, bool) else _text(raw)
    if not value:
        return None
    if value not in ANSWER_VALUES:
        return Problem(file, _at(entry, "answer"), f"{choice_id}: answer {value!r} is not one of "
                       f"{', '.join(ANSWER_VALUES)}")
    written = _text(entry.get("date"))
    if not written:
        return Problem(file, _at(entry, "answer"), f"{choice_id}: an answer needs a date (YYYY-MM-DD) so that "
                       "its age can be checked")
    try:
        when = date.fromisoformat(written)
    except ValueError:
        return Problem(file, _at(entry, "date"), f"{choice_id}: date {written!r} is not YYYY-MM-DD")
    if when > today:
        return Problem(file, _at(entry, "date"), f"{choice_id}: date {written} is in the future")
    if today - when > timedelta(days=max_age_days):
        return Problem(file, _at(entry, "date"), f"{choice_id}: the answer of {written} is older than "
                       f"{max_age_days} days: confirm it and update its date")
    return Answer(choice_id, value, file, _at(entry, "answer"), _text(entry.get("notes")),
                  _text(entry.get("owner")), written)


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"' if value else ""


def render_answers(review: Review) -> str:
    """A fresh answers file: every practice, those that need a person first in each question,
    with what the scan found beside each as comments (existing answers are kept)."""
    lines = ["# The team's answers to the Serverless Lens, read by 'slens review'.",
             "# answer: yes | no | not-applicable; date: YYYY-MM-DD (answers older than",
             "# --max-answer-age days, 365 by default, must be confirmed again).",
             "# A 'no' fails the practice; findings on a checkable practice fail it whatever the answer.",
             "answers:"]
    for question in review.questions:
        lines.append(f"  # {question.question.value}: {question.question.title} (risk today: {question.risk.value})")
        for p in sorted(question.practices, key=lambda p: (p.checkable, p.choice_id)):
            kind = "needs a person" if not p.checkable else f"checked by slens ({', '.join(p.rules)})"
            lines.append(f"  {p.choice_id}:  # [{p.level}] {p.title}")
            evidence = p.reason if p.status is not Status.UNANSWERED or p.answer else "no automatic evidence"
            # a resource's name is the user's text: it must not end the comment
            lines.append(f"    # {kind}; today: {p.status.value}: {escape_controls(evidence)}")
            a = p.answer
            fields = (a.answer, _quoted(a.notes), _quoted(a.owner), a.date) if a else ("", "", "", "")
            lines += [f"    {name}: {value}".rstrip() for name, value in zip(_FIELDS, fields, strict=True)]
    return "\n".join(lines) + "\n"
