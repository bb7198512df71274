"""``slens review push``: the plan, and the calls to the Well-Architected Tool, checked with botocore's
Stubber against the real service model (no emulator implements the service; nothing reaches the network)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from io import StringIO
from pathlib import Path
from typing import Any

import botocore.session
import pytest
from botocore.stub import Stubber

from slens.cli import main
from slens.engine import RuleCatalogue
from slens.review import wa_tool
from slens.review.evaluate import build_review
from slens.review.model import Answer, Review
from slens.review.push import CHOICE_NOTES_MAX, NOTES_MAX, QuestionPlan, notes, plan, render_plan
from slens.scan import ScanOptions, scan

ROOT = Path(__file__).resolve().parent.parent
BEFORE = ROOT / "examples" / "recipe-app" / "before"
AFTER = ROOT / "examples" / "recipe-app" / "after"
WORKLOAD = "0123456789abcdef0123456789abcdef"


@pytest.fixture(scope="module")
def review(catalogue: RuleCatalogue) -> Review:
    answer = Answer("ops_ops_q1_a2", "yes", "slens-review.yaml", 3, notes="orders per minute", owner="ana",
                    date="2026-11-01")
    return build_review(scan([str(BEFORE)], catalogue, ScanOptions(fail_on=None)), {answer.choice_id: answer})


def _no_network(**kwargs: Any) -> None:
    raise AssertionError(f"a request reached the network layer: {kwargs.get('request')}")


@pytest.fixture
def client() -> Iterator[Any]:
    session = botocore.session.Session()
    made = session.create_client("wellarchitected", region_name="us-east-1", aws_access_key_id="testing",
                                 aws_secret_access_key="testing")
    # the Stubber answers before sending; should a call get past it, this fails the test instead
    made.meta.events.register_first("before-send.*.*", _no_network)
    yield made


def _associate(stubber: Stubber) -> None:
    stubber.add_response("associate_lenses", {}, {"WorkloadId": WORKLOAD, "LensAliases": ["serverless"]})


def _updated(stubber: Stubber, question: QuestionPlan, dropped: frozenset[str] = frozenset()) -> None:
    stubber.add_response("update_answer", {"WorkloadId": WORKLOAD, "LensAlias": "serverless"},
                         question.request(WORKLOAD, dropped))


def _sleeps() -> tuple[list[float], Any]:
    slept: list[float] = []
    return slept, slept.append


# the plan

def test_the_plan_selects_passed_and_answered_practices_and_marks_the_not_applicable(review: Review) -> None:
    plans = {p.question_id: p for p in plan(review)}
    assert list(plans) == [q.question.wa_id for q in review.questions]
    for question in review.questions:
        p = plans[question.question.wa_id]
        assert set(p.selected) == {x.choice_id for x in question.practices if x.status.value in ("passed", "answered")}
        assert {n.choice_id for n in p.not_applicable} == {
            x.choice_id for x in question.practices if x.status.value == "not-applicable"}
        assert not set(p.selected) & {x.choice_id for x in question.practices if x.status.value == "failed"}
        assert len(p.notes) <= NOTES_MAX and all(len(n.notes) <= CHOICE_NOTES_MAX for n in p.not_applicable)
    # the team's yes is selected, and its note is in the question's notes
    assert "ops_ops_q1_a2" in plans["ops_q1"].selected
    assert "ops_ops_q1_a2 yes (ana, 2026-11-01): orders per minute" in plans["ops_q1"].notes
    assert {n.reason for p in plans.values() for n in p.not_applicable} <= {"OUT_OF_SCOPE", "OTHER"}


def test_notes_are_cut_at_a_whole_line_within_the_limit_and_say_what_was_left_out(review: Review) -> None:
    question = next(q for q in review.questions if sum(len(p.findings) for p in q.practices) > 5)
    full = notes(question, "1.0")
    assert "more findings" in full
    cut = notes(question, "1.0", limit=300)
    assert len(cut) <= 300 and "more lines: see the slens review" in cut
    assert cut.split("\n")[0] == full.split("\n")[0]
    long = replace(question, reason="x" * 5000)
    assert len(notes(long, "1.0")) <= NOTES_MAX


def test_a_question_with_nothing_selected_sends_no_selected_choices(review: Review) -> None:
    empty = replace(plan(review)[0], selected=())
    assert "SelectedChoices" not in empty.request(WORKLOAD)
    assert "(none: the selection is left as it is)" in render_plan((empty,), WORKLOAD, apply=False)


# the calls, stubbed against the service model

def test_apply_associates_the_lens_and_updates_every_question_with_requests_the_model_accepts(
        review: Review, client: Any) -> None:
    plans = plan(review)
    with Stubber(client) as stubber:
        _associate(stubber)
        for p in plans:
            _updated(stubber, p)
        out = StringIO()
        assert wa_tool.push(client, plans, WORKLOAD, out) == 0
        stubber.assert_no_pending_responses()
    assert f"{len(plans)} of {len(plans)} questions pushed in full" in out.getvalue()


def test_a_request_outside_the_model_is_refused_before_sending(review: Review, client: Any) -> None:
    too_long = replace(plan(review)[0], notes="n" * (NOTES_MAX + 1))
    with Stubber(client) as stubber:
        _associate(stubber)
        out = StringIO()
        assert wa_tool.push(client, (too_long,), WORKLOAD, out) == 2
    assert "ops_q1: not updated" in out.getvalue()


def test_throttling_is_retried_and_reported_when_it_persists(review: Review, client: Any) -> None:
    plans = plan(review)[:3]
    slept, sleep = _sleeps()
    with Stubber(client) as stubber:
        stubber.add_client_error("associate_lenses", "ThrottlingException", "Rate exceeded", 400)
        _associate(stubber)
        _updated(stubber, plans[0])
        for _ in range(wa_tool.ATTEMPTS):
            stubber.add_client_error("update_answer", "ThrottlingException", "Rate exceeded", 400)
        _updated(stubber, plans[2])
        out = StringIO()
        assert wa_tool.push(client, plans, WORKLOAD, out, sleep) == 2
        stubber.assert_no_pending_responses()
    assert len(slept) == 1 + wa_tool.ATTEMPTS - 1 and slept == sorted(slept)
    text = out.getvalue()
    assert f"{plans[1].question_id}: not updated: still throttled after {wa_tool.ATTEMPTS} attempts" in text
    assert f"{plans[2].question_id}: updated" in text and "2 of 3 questions pushed in full" in text


def test_throttling_then_success_pushes_everything(review: Review, client: Any) -> None:
    plans = plan(review)[:2]
    slept, sleep = _sleeps()
    with Stubber(client) as stubber:
        _associate(stubber)
        stubber.add_client_error("update_answer", "ThrottlingException", "Rate exceeded", 400)
        _updated(stubber, plans[0])
        _updated(stubber, plans[1])
        out = StringIO()
        assert wa_tool.push(client, plans, WORKLOAD, out, sleep) == 0
        stubber.assert_no_pending_responses()
    assert slept == [0.5] and "2 of 2 questions pushed in full" in out.getvalue()


def test_a_rejected_choice_id_is_named_and_the_rest_of_the_question_and_the_others_pushed(
        review: Review, client: Any) -> None:
    plans = plan(review)
    target = next(p for p in plans if len(p.selected) >= 2)
    bad = target.selected[0]
    with Stubber(client) as stubber:
        _associate(stubber)
        for p in plans:
            if p is target:
                stubber.add_client_error("update_answer", "ValidationException", f"Invalid ChoiceId: {bad}", 400,
                                         expected_params=p.request(WORKLOAD))
                _updated(stubber, p, frozenset({bad}))
            else:
                _updated(stubber, p)
        out = StringIO()
        assert wa_tool.push(client, plans, WORKLOAD, out, lambda _: None) == 2
        stubber.assert_no_pending_responses()
    text = out.getvalue()
    assert f"{target.question_id}: the service rejected choice id {bad}: Invalid ChoiceId: {bad}" in text
    assert f"{target.question_id}: updated: {len(target.selected) - 1} selected" in text
    assert f"{len(plans) - 1} of {len(plans)} questions pushed in full" in text


def test_a_validation_error_naming_no_choice_fails_that_question_only(review: Review, client: Any) -> None:
    plans = plan(review)[:2]
    with Stubber(client) as stubber:
        _associate(stubber)
        stubber.add_client_error("update_answer", "ValidationException", "Workload is locked", 400)
        _updated(stubber, plans[1])
        out = StringIO()
        assert wa_tool.push(client, plans, WORKLOAD, out) == 2
        stubber.assert_no_pending_responses()
    assert f"{plans[0].question_id}: not updated: ValidationException: Workload is locked" in out.getvalue()


def test_access_denied_is_reported_and_stops_the_push(review: Review, client: Any) -> None:
    plans = plan(review)
    with Stubber(client) as stubber:
        stubber.add_client_error("associate_lenses", "AccessDeniedException", "not authorized", 403)
        out = StringIO()
        assert wa_tool.push(client, plans, WORKLOAD, out) == 2
        stubber.assert_no_pending_responses()
    assert "AssociateLenses failed, nothing pushed: AccessDeniedException: not authorized" in out.getvalue()
    with Stubber(client) as stubber:
        _associate(stubber)
        stubber.add_client_error("update_answer", "AccessDeniedException", "not authorized", 403)
        out = StringIO()
        assert wa_tool.push(client, plans, WORKLOAD, out) == 2
        stubber.assert_no_pending_responses()
    assert "push stopped: the credentials may not update this workload" in out.getvalue()


# the command

def test_apply_through_the_command_line_pushes_the_review(
        client: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    asked: list[tuple[str | None, str | None]] = []

    def make_client(profile: str | None, region: str | None) -> Any:
        asked.append((profile, region))
        return client

    monkeypatch.setattr(wa_tool, "make_client", make_client)
    with Stubber(client) as stubber:
        stubber.add_client_error("associate_lenses", "AccessDeniedException", "not authorized", 403,
                                 expected_params={"WorkloadId": WORKLOAD, "LensAliases": ["serverless"]})
        code = main(["review", "push", "--workload-id", WORKLOAD, str(AFTER), "--apply", "--profile", "team",
                     "--region", "eu-west-1"])
        stubber.assert_no_pending_responses()
    assert code == 2 and asked == [("team", "eu-west-1")]
    out = capsys.readouterr().out
    assert "(applying)" in out and "AccessDeniedException" in out


def _slens(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
    return subprocess.run([sys.executable, "-X", "importtime", "-m", "slens", *args], cwd=ROOT,
                          capture_output=True, text=True, env=env, timeout=300)


def test_the_dry_run_prints_the_plan_and_does_not_load_the_aws_sdk() -> None:
    out = _slens("review", "push", "--workload-id", WORKLOAD, str(AFTER), "--no-such-flag-is-absent")
    assert out.returncode == 2 and "unrecognized arguments" in out.stderr
    out = _slens("review", "push", "--workload-id", WORKLOAD, str(AFTER))
    assert out.returncode == 0, out.stderr
    assert "dry run: nothing is sent" in out.stdout and "  ops_q1 " in out.stdout and "select: " in out.stdout
    assert "import time:" in out.stderr and "botocore" not in out.stderr


def test_push_refuses_a_malformed_workload_id_and_a_missing_one() -> None:
    out = _slens("review", "push", "--workload-id", "wl-123", str(AFTER), "--apply")
    assert out.returncode == 2 and "not pushed: 'wl-123' is not a workload id" in out.stderr
    assert "botocore" not in out.stderr
    out = _slens("review", "push", str(AFTER))
    assert out.returncode == 2 and "needs --workload-id ID" in out.stderr


def test_no_region_or_an_unknown_profile_is_reported_before_any_call(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update({"NO_COLOR": "1", "AWS_CONFIG_FILE": str(tmp_path / "none"),
                "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "none")})
    base = [sys.executable, "-m", "slens", "review", "push", "--workload-id", WORKLOAD, str(AFTER), "--apply"]
    for extra, said in (([], "You must specify a region"), (["--profile", "nobody", "--region", "eu-west-1"],
                                                            "The config profile (nobody) could not be found")):
        out = subprocess.run([*base, *extra], cwd=ROOT, capture_output=True, text=True, env=env, timeout=300)
        assert out.returncode == 2 and "cannot create a Well-Architected Tool client, nothing pushed" in out.stderr
        assert said in out.stderr


def test_a_choice_id_is_only_rejected_when_named_whole(review: Review, client: Any) -> None:
    target = next(p for p in plan(review) if p.selected)
    with Stubber(client) as stubber:
        _associate(stubber)
        stubber.add_client_error("update_answer", "ValidationException", f"Invalid ChoiceId: {target.selected[0]}0",
                                 400)
        out = StringIO()
        assert wa_tool.push(client, (target,), WORKLOAD, out) == 2
        stubber.assert_no_pending_responses()
    assert "rejected choice id" not in out.getvalue()
    assert f"{target.question_id}: not updated: ValidationException" in out.getvalue()
