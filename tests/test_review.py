"""``slens review``: the lens practice by practice, statuses, risks, answers, --since and formats."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from slens.engine import RuleCatalogue, ScanResult, Severity
from slens.lens import Level, Practice, Practices, Question
from slens.loaders import STATS, Cache, LoadOptions
from slens.report import review_json, review_markdown, review_text
from slens.review.answers import load_answers, render_answers
from slens.review.evaluate import build_review, question_risk
from slens.review.model import Answer, PracticeReview, Review, Risk, Status
from slens.review.practices import all_practices, lens_practices
from slens.scan import ScanOptions, scan

ROOT = Path(__file__).resolve().parent.parent
BEFORE = ROOT / "examples" / "recipe-app" / "before"
AFTER = ROOT / "examples" / "recipe-app" / "after"
TODAY = date(2026, 12, 6)


def _slens(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "SLENS_TODAY": TODAY.isoformat()}
    return subprocess.run([sys.executable, "-m", "slens", *args], cwd=cwd, capture_output=True, text=True,
                          env=env, timeout=300)


@pytest.fixture(scope="module")
def before(catalogue: RuleCatalogue) -> ScanResult:
    return scan([str(BEFORE)], catalogue, ScanOptions(fail_on=None))


@pytest.fixture(scope="module")
def after(catalogue: RuleCatalogue) -> ScanResult:
    return scan([str(AFTER)], catalogue, ScanOptions(fail_on=None))


def _statuses(review: Review) -> dict[str, Status]:
    return {p.choice_id: p.status for q in review.questions for p in q.practices}


# the lens, practice by practice

def test_every_practice_of_the_lens_is_listed_once_in_question_order(catalogue: RuleCatalogue) -> None:
    constants = [v for v in vars(Practices).values() if isinstance(v, Practice)]
    listed = all_practices()
    assert sorted(p.choice_id for p in listed) == sorted(p.choice_id for p in constants)
    order = list(Question)
    assert [order.index(p.question) for p in listed] == sorted(order.index(p.question) for p in listed)


def test_a_practice_is_checkable_exactly_when_a_rule_cites_it(catalogue: RuleCatalogue) -> None:
    cited = {r.practice.choice_id for r in catalogue}
    for entry in lens_practices(catalogue):
        assert entry.checkable == (entry.practice.choice_id in cited)
        assert set(entry.rules) == {r.id for r in catalogue if r.practice == entry.practice}
    needs_a_person = {e.practice for e in lens_practices(catalogue) if not e.checkable}
    assert Practices.OPS1_BUSINESS_METRICS in needs_a_person and Practices.SEC1_IDENTITY_SCOPE in needs_a_person
    # with fewer rules, fewer practices are checkable
    only = RuleCatalogue(r for r in catalogue if r.id == "LAM001")
    assert [e.practice for e in lens_practices(only) if e.checkable] == [Practices.OPS1_TRACING]


# per-rule counts of resources checked

def test_the_scan_counts_the_resources_each_rule_checked_and_the_result_cache_keeps_them(
        catalogue: RuleCatalogue, tmp_path: Path) -> None:
    template = tmp_path / "template.yaml"
    template.write_text("Resources:\n  A: {Type: AWS::SQS::Queue}\n  B: {Type: AWS::SQS::Queue}\n"
                        "  F: {Type: AWS::Lambda::Function, Properties: {Runtime: python3.12, Handler: a.b, "
                        "Code: {ZipFile: x}, Role: arn:aws:iam::1:role/r}}\n")
    options = ScanOptions(load=LoadOptions(cache=Cache(tmp_path / "cache")))
    cold = scan([str(template)], catalogue, options)
    sqs = [r for r in catalogue if r.resource_types == ("AWS::SQS::Queue",)]
    assert sqs and all(cold.checked_by(r.id) == 2 for r in sqs)
    assert cold.checked_by("LAM001") == 1
    assert cold.checked_by("API005") == 0 and "API005" not in dict(cold.checked)
    STATS.clear()
    warm = scan([str(template)], catalogue, options)
    assert STATS["result_hit"] == 1
    assert warm.checked == cold.checked


# statuses

def test_statuses_follow_the_evidence_on_the_real_examples(before: ScanResult, after: ScanResult) -> None:
    old, new = _statuses(build_review(before)), _statuses(build_review(after))
    assert old[Practices.SEC1_AUTH.choice_id] is Status.FAILED
    assert new[Practices.SEC1_AUTH.choice_id] is Status.PASSED
    assert old[Practices.OPS1_BUSINESS_METRICS.choice_id] is Status.UNANSWERED
    # the recipe app is not a Serverless Framework service: the configuration rules see nothing
    assert new[Practices.OPS2_CONFIGURATION.choice_id] is Status.NOT_APPLICABLE
    practice = next(p for q in build_review(before).questions for p in q.practices
                    if p.choice_id == Practices.SEC1_AUTH.choice_id)
    assert practice.findings and all(f.rule.practice == Practices.SEC1_AUTH for f in practice.findings)
    assert practice.reason.startswith(f"{len(practice.findings)} findings (API005")


def test_info_findings_do_not_fail_a_practice(after: ScanResult) -> None:
    rule = next(r for r in after.rules if r.practice == Practices.SEC1_ENDPOINT and after.checked_by(r.id))
    base = next(f for f in scan([str(BEFORE)], RuleCatalogue(after.rules)).findings)
    info = replace(base, rule=rule, severity=Severity.INFO)
    low = replace(base, rule=rule, severity=Severity.LOW)
    assert _statuses(build_review(replace(after, findings=(info,))))[rule.practice.choice_id] is Status.PASSED
    assert _statuses(build_review(replace(after, findings=(low,))))[rule.practice.choice_id] is Status.FAILED


def test_answers_set_the_status_of_what_slens_cannot_see_but_never_hide_a_finding(before: ScanResult) -> None:
    def answer(practice: Practice, value: str) -> Answer:
        return Answer(practice.choice_id, value, "a.yaml", 3, date="2026-11-01")

    answers = {p.choice_id: a for p, a in [
        (Practices.OPS1_BUSINESS_METRICS, answer(Practices.OPS1_BUSINESS_METRICS, "yes")),
        (Practices.SEC1_IDENTITY_SCOPE, answer(Practices.SEC1_IDENTITY_SCOPE, "not-applicable")),
        (Practices.SEC2_NETWORK, answer(Practices.SEC2_NETWORK, "no")),
        (Practices.SEC1_AUTH, answer(Practices.SEC1_AUTH, "yes")),
        (Practices.OPS2_IAC_STAGES, answer(Practices.OPS2_IAC_STAGES, "no"))]}
    statuses = _statuses(build_review(before, answers))
    assert statuses[Practices.OPS1_BUSINESS_METRICS.choice_id] is Status.ANSWERED
    assert statuses[Practices.SEC1_IDENTITY_SCOPE.choice_id] is Status.NOT_APPLICABLE
    assert statuses[Practices.SEC2_NETWORK.choice_id] is Status.FAILED
    assert statuses[Practices.SEC1_AUTH.choice_id] is Status.FAILED  # its findings win over "yes"
    assert statuses[Practices.OPS2_IAC_STAGES.choice_id] is Status.FAILED  # the team knows what rules cannot


# risks

def _p(level: Level, status: Status, answered: bool = False) -> PracticeReview:
    answer = Answer("x", "yes", "a.yaml", 1) if answered else None
    return PracticeReview(Question.OPS1, f"id-{level.value}-{status.value}", "T", level.value, (), status, "",
                          answer=answer)


@pytest.mark.parametrize(("practices", "risk", "reason"), [
    ((_p(Level.REQUIRED, Status.FAILED), _p(Level.GOOD, Status.PASSED)), Risk.HIGH, "Required practice failed"),
    ((_p(Level.GOOD, Status.FAILED), _p(Level.REQUIRED, Status.PASSED)), Risk.MEDIUM, "Good or Best practice failed"),
    ((_p(Level.REQUIRED, Status.UNANSWERED), _p(Level.GOOD, Status.PASSED)), Risk.MEDIUM,
     "Required practice unanswered"),
    ((_p(Level.REQUIRED, Status.PASSED), _p(Level.BEST, Status.UNANSWERED)), Risk.NONE,
     "no practice failed and every Required one is met; 1 Good or Best practice unanswered"),
    ((_p(Level.REQUIRED, Status.NOT_APPLICABLE), _p(Level.BEST, Status.ANSWERED, True)), Risk.NONE, "every"),
    ((_p(Level.REQUIRED, Status.NOT_APPLICABLE), _p(Level.BEST, Status.UNANSWERED)), Risk.NOT_REVIEWED,
     "no practice passed, failed or was answered"),
    ((_p(Level.REQUIRED, Status.UNANSWERED),), Risk.NOT_REVIEWED, "no practice"),
])
def test_risk_rules(practices: tuple[PracticeReview, ...], risk: Risk, reason: str) -> None:
    assert question_risk(practices)[0] is risk
    assert question_risk(practices)[1].startswith(reason)


def test_a_high_finding_makes_a_high_risk_even_on_a_good_practice(before: ScanResult) -> None:
    sec1 = next(q for q in build_review(before).questions if q.question is Question.SEC1)
    assert Practices.SEC1_AUTH.level is Level.GOOD
    assert sec1.risk is Risk.HIGH and sec1.reason.startswith("7 high or critical findings: API005 on ")


# acceptance: the seed article's before and after, question by question

def test_before_and_after_tell_the_articles_story_question_by_question(tmp_path: Path) -> None:
    previous = tmp_path / "before.json"
    first = _slens("review", str(BEFORE), "--format", "json", "--output", str(previous))
    assert first.returncode == 0, first.stderr
    old = {q["id"]: q for q in json.loads(previous.read_text())["questions"]}
    assert {q: old[q]["risk"] for q in old} == {q.value: "high" for q in Question}
    out = _slens("review", str(AFTER), "--since", str(previous))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    risks = {line.split()[0]: line.split()[1] for line in lines[lines.index("Risk per question:") + 1:][:9]}
    assert all(Risk(risks[q.value]).rank < Risk.HIGH.rank for q in Question)  # type: ignore[operator]
    since = lines[lines.index(f"Since {previous}:") + 1:]
    for question in Question:
        assert any(line.startswith(f"  {question.value:<5}  better: risk high -> ") for line in since), question
    for practice in (Practices.SEC1_AUTH, Practices.SEC3_SECRETS, Practices.REL1_THROTTLING,
                     Practices.OPS2_RUNTIME_DEPRECATION, Practices.COST1_LOGGING):
        assert f"         {practice.choice_id} {practice.title}: failed -> passed" in since


def test_since_a_file_that_is_not_a_review_is_a_usage_error(tmp_path: Path) -> None:
    other = tmp_path / "scan.json"
    other.write_text(json.dumps({"schema_version": "1", "findings": []}))
    out = _slens("review", str(AFTER), "--since", str(other))
    assert out.returncode == 2 and "not a review of schema version 1" in out.stderr


# the answers file

def test_init_writes_every_practice_with_its_evidence_and_the_file_loads_clean(
        tmp_path: Path, catalogue: RuleCatalogue) -> None:
    project = tmp_path / "app"
    project.mkdir()
    (project / "template.yaml").write_text((BEFORE / "template.yaml").read_text())
    out = _slens("review", "init", str(project))
    assert out.returncode == 0, out.stderr
    text = (project / "slens-review.yaml").read_text()
    for practice in all_practices():
        assert f"\n  {practice.choice_id}:  # [{practice.level.value}] {practice.title}\n" in text
    assert "# needs a person; today: unanswered" in text
    rules = ", ".join(sorted(r.id for r in catalogue if r.practice == Practices.SEC1_AUTH))
    assert f"# checked by slens ({rules}); today: failed: 7 findings (API005)" in text
    assert load_answers(project / "slens-review.yaml", TODAY) == ({}, ())
    again = _slens("review", "init", str(project))
    assert again.returncode == 2 and "exists" in again.stderr


def _answers_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "slens-review.yaml"
    path.write_text("answers:\n" + body)
    return path


def test_answers_are_read_with_their_notes_owner_and_date(tmp_path: Path) -> None:
    path = _answers_file(tmp_path, "  ops_ops_q1_a2:\n    answer: yes\n    notes: dashboards\n    owner: ana\n"
                         "    date: 2026-11-01\n  sec_sec_q2_a2:\n    answer: no\n    date: 2026-01-02\n"
                         "  sec_sec_q1_a2:\n    answer: not-applicable\n    date: 2026-01-02\n"
                         "  rel_rel_q2_a2:\n    answer:\n")
    answers, problems = load_answers(path, TODAY)
    assert problems == ()
    assert answers["ops_ops_q1_a2"] == Answer("ops_ops_q1_a2", "yes", str(path), 3, "dashboards", "ana", "2026-11-01")
    assert answers["sec_sec_q2_a2"].answer == "no" and answers["sec_sec_q1_a2"].answer == "not-applicable"
    assert "rel_rel_q2_a2" not in answers


def test_every_problem_in_the_answers_is_reported_with_its_line_and_the_answer_is_not_used(tmp_path: Path) -> None:
    path = _answers_file(tmp_path, "  nope_q1_a1:\n    answer: yes\n"            # 2
                         "  ops_ops_q1_a2:\n    answer: maybe\n    date: 2026-01-01\n"  # 4, 5
                         "  sec_sec_q1_a2:\n    answer: yes\n    date: 2025-01-01\n"   # 7, 8, 9
                         "  sec_sec_q2_a2:\n    answer: yes\n"                         # 10, 11
                         "  rel_rel_q2_a2:\n    answer: yes\n    date: 1st May\n"      # 12, 13, 14
                         "  perf_perf_q1_a1:\n    answer: yes\n    date: 2026-01-01\n    colour: red\n"  # 18
                         "  ops_ops_q1_a2:\n    answer: yes\n    date: 2026-01-01\n")  # 19: a duplicate
    answers, problems = load_answers(path, TODAY, max_age_days=365)
    assert answers == {}
    found = [(p.line, p.message.split(":")[0] if ":" in p.message else p.message) for p in problems]
    lines = {line for line, _ in found}
    assert {2, 9, 11, 14, 18, 19} <= lines, problems
    messages = " | ".join(p.message for p in problems)
    assert "unknown practice id 'nope_q1_a1'" in messages
    assert "older than 365 days" in messages and "needs a date" in messages
    assert "'1st May' is not YYYY-MM-DD" in messages and "unknown field 'colour'" in messages
    assert "ops_ops_q1_a2: answered twice (first at line 4): neither is used" in messages
    assert all(p.file == str(path) for p in problems)
    patient = " | ".join(p.message for p in load_answers(path, TODAY, max_age_days=100000)[1])
    assert "older than" not in patient and "unknown practice id" in patient  # the age is configurable
    bad_value = load_answers(_answers_file(tmp_path, "  ops_ops_q1_a2:\n    answer: maybe\n    date: 2026-01-01\n"),
                             TODAY)[1]
    assert [(p.line, p.message) for p in bad_value] == [
        (3, "ops_ops_q1_a2: answer 'maybe' is not one of yes, no, not-applicable")]


def test_review_reads_the_answers_beside_the_project_and_fails_on_a_problem(tmp_path: Path) -> None:
    project = tmp_path / "app"
    project.mkdir()
    (project / "template.yaml").write_text((AFTER / "template.yaml").read_text())
    (project / "slens-review.yaml").write_text("answers:\n  cost_cost_q1_a1:\n    answer: yes\n"
                                               "    owner: ana\n    date: 2026-06-01\n")
    out = _slens("review", str(project), "--format", "json")
    assert out.returncode == 0, out.stderr
    cost = next(q for q in json.loads(out.stdout)["questions"] if q["id"] == "COST1")
    assert cost["risk"] == "none"
    init = next(p for p in cost["practices"] if p["choice_id"] == "cost_cost_q1_a1")
    assert init["status"] == "answered" and init["answer"]["owner"] == "ana" and init["answer"]["line"] == 3
    stale = _slens("review", str(project), "--max-answer-age", "30")
    assert stale.returncode == 2
    assert f"{project / 'slens-review.yaml'}:5: cost_cost_q1_a1: the answer of 2026-06-01 is older than 30 days" \
        in stale.stderr


# formats

def test_json_review_document(before: ScanResult) -> None:
    document = json.loads(review_json.render(build_review(before)))
    assert document["review_schema_version"] == "1"
    assert set(document) == {"review_schema_version", "tool", "lens", "risk_rules", "files", "answers_file",
                             "summary", "questions", "errors", "answer_problems", "event_flows", "since"}
    flow = document["event_flows"][0]
    assert flow["file"].endswith("before/template.yaml") and flow["omitted"] == 0
    edges = {(e["source"], e["relation"], e["target"]) for e in flow["edges"]}
    assert ("NutritionQueue", "triggers", "NutritionLookupFunction") in edges
    assert {e[0] for e in edges} | {e[2] for e in edges} == {n["id"] for n in flow["nodes"]}
    assert document["summary"] == {"high": 9, "medium": 0, "none": 0, "not-reviewed": 0}
    practice = document["questions"][0]["practices"][0]
    assert set(practice) == {"choice_id", "title", "level", "checkable", "rules", "status", "reason",
                             "resources_checked", "findings", "answer"}
    assert sum(len(p["practices"]) for p in document["questions"]) == len(all_practices())


def test_text_review_shows_risk_and_reason_then_every_practice(before: ScanResult) -> None:
    text = review_text.render(build_review(before))
    assert "  SEC1   high          7 high or critical findings: API005 on RecipeCrudFunction" in text
    assert ("  ?    unanswered     ops_ops_q1_a2    [best] Use application, business, and operations metrics "
            "(needs a person)\n") in text
    assert "  ok   passed         ops_ops_q2_a1    [required] Use infrastructure as code" in text
    assert "Risk rules, first match: high: a Required practice failed" in text


def test_markdown_review_stays_under_a_github_comment(before: ScanResult) -> None:
    review = build_review(before)
    small = review_markdown.render(review)
    assert "| SEC1 How do you control access to your Serverless API? | 🔴 high |" in small
    assert "### Top findings" in small and "more findings are not shown" not in small
    many = replace(before, findings=before.findings * 400)
    big = review_markdown.render(build_review(many))
    assert len(big) < 65_536
    assert "more findings are not shown, to stay within a comment's size" in big
    lines = big.splitlines()
    rows = lines[lines.index("|---|---|---|---|---|---|") + 1:]
    rows = rows[:rows.index("")]
    ranks = [Severity(row.split(" | ")[0].lstrip("| ")).rank for row in rows]
    assert ranks[0] == Severity.HIGH.rank and ranks == sorted(ranks, reverse=True)


def test_render_answers_keeps_existing_answers(before: ScanResult) -> None:
    answer = Answer("ops_ops_q1_a2", "yes", "a.yaml", 3, 'dash "boards"', "ana", "2026-11-01")
    text = render_answers(build_review(before, {"ops_ops_q1_a2": answer}))
    assert ('  ops_ops_q1_a2:  # [best] Use application, business, and operations metrics\n'
            '    # needs a person; today: answered: answered yes (ana, 2026-11-01)\n'
            '    answer: yes\n    notes: "dash \\"boards\\""\n    owner: "ana"\n    date: 2026-11-01\n') in text


def test_review_rejects_a_scan_only_format() -> None:
    out = _slens("review", str(AFTER), "--format", "sarif")
    assert out.returncode == 2 and "invalid choice" in out.stderr


# documentation

def test_readme_review_example_is_what_slens_prints() -> None:
    readme = (ROOT / "README.md").read_text()
    block = next(b for b in re.findall(r"```text\n(.*?)```", readme, re.S) if b.startswith("$ slens review "))
    command, *sample = block.splitlines()
    out = _slens(*command[2:].split()[1:])
    printed = [line.rstrip() for line in out.stdout.splitlines()]
    missing = [line for line in sample if line.strip() != "..." and line.rstrip() not in printed]
    assert out.returncode == 0 and not missing, missing


def test_docs_answers_example_is_a_valid_answers_file(tmp_path: Path) -> None:
    docs = (ROOT / "docs" / "review.md").read_text()
    (block,) = [b for b in re.findall(r"```yaml\n(.*?)```", docs, re.S) if b.startswith("answers:")]
    path = tmp_path / "slens-review.yaml"
    path.write_text(block)
    answers, problems = load_answers(path, TODAY)
    assert problems == () and answers["ops_ops_q1_a2"].answer == "yes" and answers["ops_ops_q1_a2"].owner == "ana"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_answers_and_since_files_are_bounded_regular_reads(tmp_path: Path) -> None:
    fifo = tmp_path / "slens-review.yaml"
    os.mkfifo(fifo)  # opening it for reading would block forever: no writer
    for flag in ("--answers", "--since"):
        for path in (str(fifo), "/dev/zero"):
            out = _slens("review", str(AFTER), flag, path)
            assert out.returncode == 2 and "configuration error" in out.stderr, (flag, path, out.stderr)
    (tmp_path / "template.yaml").write_text((AFTER / "template.yaml").read_text())
    beside = _slens("review", str(tmp_path))  # a FIFO beside the project is not taken for the answers
    assert beside.returncode == 0 and "answers from" not in beside.stdout


def test_a_file_that_could_not_be_scanned_is_named_and_fails_the_review(tmp_path: Path) -> None:
    (tmp_path / "template.yaml").write_text((AFTER / "template.yaml").read_text())
    (tmp_path / "broken.yaml").write_text("Resources:\n  A: {Type: AWS::SQS::Queue\n")
    out = _slens("review", str(tmp_path))
    assert out.returncode == 2
    assert "Scan errors (these files' evidence is missing from the review):" in out.stdout
    assert f"\n  {tmp_path / 'broken.yaml'}:3: invalid YAML: " in out.stdout, out.stdout


def test_select_and_exclude_reach_the_scan_and_what_is_not_checked_is_not_reviewed() -> None:
    only = json.loads(_slens("review", str(BEFORE), "--select", "LAM001", "--format", "json").stdout)
    risks = {q["id"]: q["risk"] for q in only["questions"]}
    ops1 = next(q for q in only["questions"] if q["id"] == "OPS1")
    tracing = next(p for p in ops1["practices"] if p["choice_id"] == Practices.OPS1_TRACING.choice_id)
    assert tracing["rules"] == ["LAM001"] and tracing["status"] == "failed" and tracing["resources_checked"] == 4
    assert [p["checkable"] for q in only["questions"] for p in q["practices"]].count(True) == 1
    assert risks["OPS1"] == "medium" and risks["SEC1"] == "not-reviewed"
    nothing = json.loads(_slens("review", str(BEFORE), "--exclude", "template.yaml", "--format", "json").stdout)
    assert nothing["files"] == [] and nothing["summary"] == {"high": 0, "medium": 0, "none": 0, "not-reviewed": 9}
