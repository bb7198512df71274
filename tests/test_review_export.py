"""``slens review export --custom-lens``: the catalogue as a Well-Architected Tool custom lens, within the
limits of the Tool's lens format specification (schema 2021-11-01)."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path

from slens.engine import RuleCatalogue
from slens.lens import Level, Question
from slens.review.custom_lens import PILLAR_IDS, SCHEMA_VERSION, custom_lens, problems
from slens.review.practices import all_practices

ROOT = Path(__file__).resolve().parent.parent


def test_the_exported_lens_keeps_to_the_format_limits_and_lists_every_practice(catalogue: RuleCatalogue) -> None:
    lens = custom_lens(catalogue, "1.0")
    assert problems(lens) == []
    assert lens["schemaVersion"] == SCHEMA_VERSION
    assert [p["id"] for p in lens["pillars"]] == list(dict.fromkeys(PILLAR_IDS[q.pillar] for q in Question))
    questions = [q for p in lens["pillars"] for q in p["questions"]]
    assert [q["id"] for q in questions] == [q.wa_id for q in Question]
    exported = [c["id"] for q in questions for c in q["choices"] if not c["id"].endswith("_no")]
    assert exported == [p.choice_id for p in all_practices()]
    assert all(q["choices"][-1] == {"id": f"{q['id'].split('_')[0]}_{q['id']}_no", "title": "None of these"}
               for q in questions)


def test_risk_rules_follow_slens_risk_no_risk_when_all_followed_medium_when_every_required_one(
        catalogue: RuleCatalogue) -> None:
    questions = {q["id"]: q for p in custom_lens(catalogue, "1.0")["pillars"] for q in p["questions"]}
    ops1 = questions[Question.OPS1.wa_id]["riskRules"]
    practices = [p for p in all_practices() if p.question is Question.OPS1]
    assert ops1 == [
        {"condition": " && ".join(p.choice_id for p in practices), "risk": "NO_RISK"},
        {"condition": " && ".join(p.choice_id for p in practices if p.level is Level.REQUIRED), "risk": "MEDIUM_RISK"},
        {"condition": "default", "risk": "HIGH_RISK"}]


def test_the_improvement_plan_names_the_rules_that_check_the_practice(catalogue: RuleCatalogue) -> None:
    only = RuleCatalogue(r for r in catalogue if r.id == "LAM001")
    choices = {c["id"]: c for p in custom_lens(only, "1.0")["pillars"] for q in p["questions"] for c in q["choices"]}
    assert "LAM001" in choices["ops_ops_q1_a3"]["improvementPlan"]["displayText"]
    assert choices["ops_ops_q1_a1"]["improvementPlan"]["displayText"].startswith("No slens rule checks")


def test_each_limit_of_the_format_is_checked(catalogue: RuleCatalogue) -> None:
    lens = custom_lens(catalogue, "1.0")

    def broken(change: str) -> list[str]:
        copied = copy.deepcopy(lens)
        question = copied["pillars"][0]["questions"][0]
        if change == "name":
            copied["name"] = "n" * 129
        elif change == "title":
            question["title"] = "t" * 129
        elif change == "choices":
            question["choices"] += [{"id": f"extra_{i}", "title": "x", "improvementPlan": {"displayText": "x"}}
                                    for i in range(15)]
        elif change == "default":
            question["riskRules"] = question["riskRules"][:-1]
        elif change == "unknown":
            question["riskRules"][0]["condition"] = "nope_a1"
        elif change == "plan":
            del question["choices"][0]["improvementPlan"]
        elif change == "id":
            question["id"] = "q-1"
        return problems(copied)

    assert broken("name") == ["name: 1 to 128 characters"]
    assert broken("title") == ["question ops_q1 title: 1 to 128 characters"]
    assert broken("choices") == ["question ops_q1: 1 to 15 choices"]
    assert broken("default") == ["question ops_q1: one default risk rule"]
    assert broken("unknown") == ["question ops_q1: a risk rule names an unknown choice"]
    assert broken("plan") == ["question ops_q1 choice ops_ops_q1_a1: improvementPlan"]
    assert broken("id") == ["question q-1: id"]


def _slens(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "slens", *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "NO_COLOR": "1"}, timeout=300)


def test_export_writes_the_lens_file_of_the_configured_rules(tmp_path: Path) -> None:
    out = _slens("review", "export", "--custom-lens", "lens.json", "--select", "LAM001", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    lens = json.loads((tmp_path / "lens.json").read_text())
    assert problems(lens) == [] and "slens 0" not in lens["name"] and ": 1 rule." in lens["description"]
    plans = [c["improvementPlan"]["displayText"] for p in lens["pillars"] for q in p["questions"]
             for c in q["choices"] if "improvementPlan" in c]
    assert sum("LAM001" in plan for plan in plans) == 1
    missing = _slens("review", "export", cwd=tmp_path)
    assert missing.returncode == 2 and "needs --custom-lens FILE" in missing.stderr
