"""The Serverless Lens practice by practice, and which of them the rule catalogue can check.

Derived from :mod:`slens.lens` and the rules' ``practice``; nothing is listed twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from slens.engine import Rule
from slens.lens import Practice, Practices, Question


@dataclass(frozen=True)
class LensPractice:
    practice: Practice
    #: ids of the rules that cite this practice: empty when it needs a person
    rules: tuple[str, ...]

    @property
    def checkable(self) -> bool:
        return bool(self.rules)


def all_practices() -> tuple[Practice, ...]:
    """Every practice of the lens, in question order and then by choice id."""
    found = [value for value in vars(Practices).values() if isinstance(value, Practice)]
    order = list(Question)
    return tuple(sorted(found, key=lambda p: (order.index(p.question), p.choice_id)))


def lens_practices(rules: Iterable[Rule]) -> tuple[LensPractice, ...]:
    citing: dict[str, list[str]] = {}
    for rule in rules:
        citing.setdefault(rule.practice.choice_id, []).append(rule.id)
    return tuple(LensPractice(p, tuple(sorted(citing.get(p.choice_id, ())))) for p in all_practices())


def by_choice_id() -> dict[str, Practice]:
    return {p.choice_id: p for p in all_practices()}
