"""The lens and the rule catalogue as a Well-Architected Tool custom lens: ``slens review export --custom-lens``.

The format is the Tool's lens format specification, schema ``2021-11-01``; its limits are below
and :func:`problems` checks a lens against them, so an export the Tool would refuse fails here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from slens.engine import Rule
from slens.lens import Level, Pillar, Question
from slens.review.practices import lens_practices

SCHEMA_VERSION = "2021-11-01"
#: the lens format specification's limits
NAME_MAX = 128
DESCRIPTION_MAX = 2048
PILLARS_MAX = 10
QUESTIONS_PER_PILLAR_MAX = 20
CHOICES_PER_QUESTION_MAX = 15
TITLE_MAX = 128
TEXT_MAX = 2048
RISK_RULES_MAX = 3
#: ImportLens: "A custom lens cannot exceed 500 KB in size"
SIZE_MAX = 500_000
ID = re.compile(r"[A-Za-z0-9_]{3,128}")
RISKS = ("NO_RISK", "MEDIUM_RISK", "HIGH_RISK")

#: the Framework's pillar ids, as the specification names them
PILLAR_IDS = {Pillar.OPERATIONAL_EXCELLENCE: "operationalExcellence", Pillar.SECURITY: "security",
              Pillar.RELIABILITY: "reliability", Pillar.PERFORMANCE: "performance",
              Pillar.COST: "costOptimization"}


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _improvement(rules: list[Rule]) -> str:
    if not rules:
        return "No slens rule checks this practice: review it with the team and record the answer."
    listed = "; ".join(f"{r.id} {r.title}" for r in rules)
    return _clip(f"Fix the findings of these slens rules ('slens rule ID' explains each): {listed}", TEXT_MAX)


def _risk_rules(choices: list[tuple[str, Level]]) -> list[dict[str, str]]:
    # slens's risk per question, in the Tool's terms where a choice not selected is a practice not followed:
    # every practice followed is no risk, every Required one followed is medium, anything else high
    every = " && ".join(choice for choice, _ in choices)
    required = " && ".join(choice for choice, level in choices if level is Level.REQUIRED)
    rules = [{"condition": every, "risk": "NO_RISK"}]
    if required and required != every:
        rules.append({"condition": required, "risk": "MEDIUM_RISK"})
    rules.append({"condition": "default", "risk": "HIGH_RISK"})
    return rules


def custom_lens(rules: Iterable[Rule], version: str) -> dict[str, Any]:
    catalogue = list(rules)
    by_id = {r.id: r for r in catalogue}
    pillars: dict[Pillar, list[dict[str, Any]]] = {}
    entries = lens_practices(catalogue)
    for question in Question:
        practices = [e for e in entries if e.practice.question is question]
        choices: list[dict[str, Any]] = [
            {"id": e.practice.choice_id, "title": _clip(e.practice.title, TITLE_MAX),
             "helpfulResource": {"displayText": f"Serverless Lens, {e.practice.level.value.capitalize()} practice; "
                                                + (f"checked by slens ({', '.join(e.rules)})" if e.rules
                                                   else "needs a person: no slens rule checks it")},
             "improvementPlan": {"displayText": _improvement([by_id[i] for i in e.rules])}}
            for e in practices]
        prefix = question.wa_id.split("_")[0]
        choices.append({"id": f"{prefix}_{question.wa_id}_no", "title": "None of these"})
        checked = sum(1 for e in practices if e.rules)
        pillars.setdefault(question.pillar, []).append({
            "id": question.wa_id, "title": _clip(question.title, TITLE_MAX),
            "description": f"Serverless Lens {question.value}: {checked} of {len(practices)} practices "
                           "checked by slens rules; the others need a person.",
            "choices": choices,
            "riskRules": _risk_rules([(e.practice.choice_id, e.practice.level) for e in practices])})
    return {
        "schemaVersion": SCHEMA_VERSION,
        "name": "slens Serverless Lens",
        "description": f"The AWS Well-Architected Serverless Lens practices as slens {version} checks them: "
                       f"{len(catalogue)} rule{'' if len(catalogue) == 1 else 's'}. "
                       "Each practice's improvement plan lists the rules that check it.",
        "pillars": [{"id": PILLAR_IDS[pillar], "name": pillar.title, "questions": questions}
                    for pillar, questions in pillars.items()],
    }


def render(lens: dict[str, Any]) -> str:
    return json.dumps(lens, indent=2, ensure_ascii=False) + "\n"


def problems(lens: dict[str, Any]) -> list[str]:
    """Where the lens breaks the format specification's limits; empty when it keeps to them."""
    found: list[str] = []

    def check(ok: bool, message: str) -> None:
        if not ok:
            found.append(message)

    def text(value: Any, limit: int, where: str) -> None:
        check(isinstance(value, str) and 0 < len(value) <= limit, f"{where}: 1 to {limit} characters")

    check(lens.get("schemaVersion") == SCHEMA_VERSION, f"schemaVersion must be {SCHEMA_VERSION}")
    text(lens.get("name"), NAME_MAX, "name")
    text(lens.get("description"), DESCRIPTION_MAX, "description")
    pillars = lens.get("pillars") or []
    check(0 < len(pillars) <= PILLARS_MAX, f"1 to {PILLARS_MAX} pillars")
    check(len(render(lens).encode()) <= SIZE_MAX, f"at most {SIZE_MAX} bytes")
    for pillar in pillars:
        check(bool(ID.fullmatch(pillar.get("id", ""))), f"pillar id {pillar.get('id')!r}")
        text(pillar.get("name"), NAME_MAX, f"pillar {pillar.get('id')} name")
        questions = pillar.get("questions") or []
        check(0 < len(questions) <= QUESTIONS_PER_PILLAR_MAX, f"pillar {pillar.get('id')}: 1 to 20 questions")
        for question in questions:
            where = f"question {question.get('id')}"
            check(bool(ID.fullmatch(question.get("id", ""))), f"{where}: id")
            text(question.get("title"), TITLE_MAX, f"{where} title")
            text(question.get("description"), DESCRIPTION_MAX, f"{where} description")
            choices = question.get("choices") or []
            check(0 < len(choices) <= CHOICES_PER_QUESTION_MAX, f"{where}: 1 to {CHOICES_PER_QUESTION_MAX} choices")
            ids = [c.get("id", "") for c in choices]
            check(len(set(ids)) == len(ids), f"{where}: choice ids repeated")
            for choice in choices:
                cid = choice.get("id", "")
                check(bool(ID.fullmatch(cid)), f"{where}: choice id {cid!r}")
                text(choice.get("title"), TITLE_MAX, f"{where} choice {cid} title")
                for resource in ("helpfulResource", "improvementPlan"):
                    if resource in choice:
                        text(choice[resource].get("displayText"), TEXT_MAX, f"{where} choice {cid} {resource}")
                # every choice but a "None of these" one needs an improvement plan
                check(cid.endswith("_no") or "improvementPlan" in choice, f"{where} choice {cid}: improvementPlan")
            risks = question.get("riskRules") or []
            check(0 < len(risks) <= RISK_RULES_MAX, f"{where}: 1 to {RISK_RULES_MAX} risk rules")
            check(len({r.get("risk") for r in risks}) == len(risks) and all(r.get("risk") in RISKS for r in risks),
                  f"{where}: one risk rule per risk level, of {', '.join(RISKS)}")
            check(sum(1 for r in risks if r.get("condition") == "default") == 1, f"{where}: one default risk rule")
            for rule in risks:
                named = set(re.findall(r"[A-Za-z0-9_]+", rule.get("condition", ""))) - {"default"}
                check(named <= set(ids), f"{where}: a risk rule names an unknown choice")
    return found
