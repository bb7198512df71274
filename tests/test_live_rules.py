"""The live-only rules end to end: ``slens scan --aws`` against moto's server on 127.0.0.1 finds the
idle function, the queue nobody reads and the roles nobody uses, and adds what only an account
knows (stored log bytes and their cost, the last invocation) to the findings of the template rules;
a snapshot named as a path is reviewed like the account it was read from."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from live_account import REGION, Account

pytest.importorskip("moto.server", reason="the live review's tests need moto's server: pip install 'moto[server]'")

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def account() -> Iterator[Account]:
    import boto3

    from live_account import moto_account

    with moto_account() as seeded:
        # moto makes no Lambda metrics of its own: good-fn ran yesterday, bad-fn never did
        boto3.client("cloudwatch", region_name=REGION).put_metric_data(Namespace="AWS/Lambda", MetricData=[{
            "MetricName": "Invocations", "Dimensions": [{"Name": "FunctionName", "Value": "good-fn"}],
            "Timestamp": datetime.now(UTC) - timedelta(days=1), "Value": 3.0, "Unit": "Count"}])
        yield seeded


def _scan(*args: str, today: date | None = None) -> dict[str, Any]:
    env = {**os.environ, "NO_COLOR": "1"}
    if today is not None:
        env["SLENS_TODAY"] = today.isoformat()
    done = subprocess.run([sys.executable, "-m", "slens", "scan", *args, "--format", "json", "--fail-on", "never",
                           "--no-cache"], cwd=ROOT, capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    document: dict[str, Any] = json.loads(done.stdout)
    return document


def _by(document: dict[str, Any]) -> dict[tuple[str, str], str]:
    return {(f["rule_id"], f["resource"]): f["message"] for f in document["findings"]}


@pytest.fixture(scope="module")
def live(account: Account, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[tuple[str, str], str], Path]:
    snapshot = tmp_path_factory.mktemp("live-rules") / "account.json"
    return _by(_scan("--aws", "--snapshot", str(snapshot))), snapshot


def test_the_idle_function_and_the_unread_queue_are_found(live: tuple[dict[tuple[str, str], str], Path]) -> None:
    found, _ = live
    assert ("LIV102", "BadFn") in found and "no invocation in the 90 days" in found[("LIV102", "BadFn")]
    assert ("LIV102", "GoodFn") not in found  # invoked yesterday
    assert ("LIV301", "Loose") in found
    # orders has its event source mapping; orders-dlq is a dead-letter queue, read by nobody by design
    assert ("LIV301", "Orders") not in found and ("LIV301", "OrdersDlq") not in found


def test_template_rules_say_what_only_the_account_knows(live: tuple[dict[tuple[str, str], str], Path]) -> None:
    found, _ = live
    retention = found[("LAM008", "AwsLambdaBadFn")]
    assert "it stores " in retention and "$0.03 per GB-month" in retention and "estimate" in retention
    assert "no invocation in the 90 days" in found[("LAM004", "BadFn")]
    # one finding per problem: the live facts extend the template rules, no second rule repeats them
    assert not any(rule.startswith("LIV") and resource == "AwsLambdaBadFn" for rule, resource in found)


def test_roles_are_judged_by_their_last_use(account: Account) -> None:
    # moto reports every role as never used: created today, they are not old enough to be found
    assert not any(rule == "LIV201" for rule, _ in _by(_scan("--aws")))
    later = _by(_scan("--aws", today=date.today() + timedelta(days=120)))
    assert ("LIV201", "BadFnRole") in later and "never been used" in later[("LIV201", "BadFnRole")]


def test_stacks_are_resources_and_a_healthy_one_passes(live: tuple[dict[tuple[str, str], str], Path]) -> None:
    found, snapshot = live
    stacks = json.loads(snapshot.read_text())["partitions"][0]["services"]["cloudformation"]["stacks"]
    assert [s["StackStatus"] for s in stacks] == ["CREATE_COMPLETE"]
    assert not any(rule == "LIV103" for rule, _ in found)


def test_a_snapshot_named_as_a_path_is_reviewed_like_the_account(
        live: tuple[dict[tuple[str, str], str], Path]) -> None:
    found, snapshot = live
    offline = _scan(str(snapshot))
    assert offline["files"]["scanned"] == [str(snapshot)]
    assert set(_by(offline)) == set(found)
