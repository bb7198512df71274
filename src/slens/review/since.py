"""``--since``: what changed per question between a previous JSON review and this one."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from slens.config import ConfigError, read_config_text
from slens.review.model import REVIEW_SCHEMA_VERSION, PracticeChange, QuestionChange, Review


def _previous(path: Path) -> dict[str, tuple[str, dict[str, str]]]:
    """Question label -> (risk, choice id -> status) from a review written by ``--format json``."""
    try:
        document: Any = json.loads(read_config_text(path))
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{path}: not a JSON review: {exc}") from None
    if not isinstance(document, dict) or document.get("review_schema_version") != REVIEW_SCHEMA_VERSION:
        raise ConfigError(f"{path}: not a review of schema version {REVIEW_SCHEMA_VERSION} "
                          "(write one with 'slens review --format json')")
    try:
        return {q["id"]: (str(q["risk"]), {p["choice_id"]: str(p["status"]) for p in q["practices"]})
                for q in document["questions"]}
    except (KeyError, TypeError) as exc:
        raise ConfigError(f"{path}: malformed review: missing or mistyped {exc}") from None


def compare(review: Review, path: Path) -> Review:
    """The review with ``changes`` filled in: one entry per question whose risk or practices changed."""
    before = _previous(path)
    changes = []
    for question in review.questions:
        risk_before, statuses = before.get(question.question.value, ("not-reviewed", {}))
        practices = tuple(PracticeChange(p.choice_id, p.title, statuses.get(p.choice_id, "absent"), p.status.value)
                          for p in question.practices if statuses.get(p.choice_id, "absent") != p.status.value)
        if practices or risk_before != question.risk.value:
            changes.append(QuestionChange(question.question, risk_before, question.risk.value, practices))
    return replace(review, since=str(path), changes=tuple(changes))

