"""``slens scan --aws`` end to end: the CLI reads moto's emulated account on 127.0.0.1, maps it, runs
the same rules as on templates, writes and reads back snapshots, and keeps secrets out of every output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from live_account import ACCESS_KEY_ID, ACCOUNT, REGION, SECRET_ACCESS_KEY, SECRET_VALUE, Account

pytest.importorskip("moto.server", reason="the live review's tests need moto's server: pip install 'moto[server]'")

ROOT = Path(__file__).resolve().parent.parent
WHERE = f"aws://{ACCOUNT}/{REGION}"


@pytest.fixture(scope="module")
def account() -> Iterator[Account]:
    from live_account import moto_account

    with moto_account() as seeded:
        yield seeded


def _slens(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    # the environment moto_account set: the emulator's endpoint, fake keys, no profile or config file
    return subprocess.run([sys.executable, "-m", "slens", "scan", *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "NO_COLOR": "1"}, timeout=300)


def _found(document: dict[str, object]) -> set[tuple[str, str]]:
    return {(f["rule_id"], f["resource"]) for f in document["findings"]}  # type: ignore[attr-defined,index]


@pytest.fixture(scope="module")
def live(account: Account, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, object], Path, str]:
    snapshot = tmp_path_factory.mktemp("live") / "account.json"
    done = _slens("--aws", "--format", "json", "--fail-on", "never", "--snapshot", str(snapshot))
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout), snapshot, done.stdout + done.stderr


def test_the_account_is_reviewed_by_the_template_rules(live: tuple[dict[str, object], Path, str]) -> None:
    document, _, _ = live
    found = _found(document)
    assert {("LAM004", "BadFn"), ("LAM001", "BadFn"), ("SQS001", "Loose"), ("IAM001", "BadFnRole"),
            ("LAM008", "AwsLambdaBadFn"), ("API001", "ShopProdStage")} <= found
    # what is right in the account is not reported: good-fn traces, orders has a redrive policy
    assert ("LAM001", "GoodFn") not in found and ("SQS001", "Orders") not in found
    # rules about how a template is written have nothing to say about a deployed resource
    assert not {rule for rule, _ in found} & {"CFN101", "CFN102", "CFN201"}
    assert document["files"] == {"scanned": [WHERE], "skipped": []}
    finding = next(f for f in document["findings"] if f["resource"] == "BadFn")  # type: ignore[attr-defined]
    assert finding["file"] == WHERE and finding["label"] == f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:bad-fn"


def test_what_the_endpoint_does_not_serve_is_a_notice(live: tuple[dict[str, object], Path, str]) -> None:
    document, _, _ = live
    assert document["errors"] == []
    assert any(n["kind"] == "not-read" and n["file"] == WHERE for n in document["notices"])  # type: ignore[attr-defined]


def test_no_secret_or_credential_reaches_the_report_or_the_snapshot(live: tuple[dict[str, object], Path, str]) -> None:
    _, snapshot, printed = live
    written = snapshot.read_text()
    for secret in (SECRET_VALUE, SECRET_ACCESS_KEY, ACCESS_KEY_ID):
        assert secret not in printed and secret not in written
    assert '"API_KEY": "<redacted: ' in written


def test_a_snapshot_is_reviewed_offline_with_the_same_findings(live: tuple[dict[str, object], Path, str]) -> None:
    document, snapshot, _ = live
    offline = _slens("--snapshot-in", str(snapshot), "--format", "json", "--fail-on", "never",
                     "--no-cache")
    assert offline.returncode == 0, offline.stderr
    again = json.loads(offline.stdout)
    # a snapshot holds no environment values, so a secret is recognised by its name alone
    assert _found(again) == _found(document)


def test_templates_and_the_account_are_reviewed_in_one_run(account: Account) -> None:
    done = _slens("--aws", "examples/thumbnail-creator", "--format", "json", "--fail-on", "never")
    assert done.returncode == 0, done.stderr
    scanned = json.loads(done.stdout)["files"]["scanned"]
    assert scanned == [WHERE, "examples/thumbnail-creator/template.yaml"]


@pytest.mark.parametrize(("args", "said"), [
    (["--profile", "x"], "--profile needs --aws"),
    (["--aws", "--snapshot-in", "s.json"], "give one of them"),
    (["--snapshot-in", "missing.json"], "missing.json: cannot read the snapshot"),
    (["--aws", "--services", "lambda,nope"], "unknown service(s) nope"),
])
def test_live_options_that_cannot_work_are_refused_clearly(account: Account, tmp_path: Path, args: list[str],
                                                          said: str) -> None:
    done = _slens(*args, cwd=tmp_path)
    assert done.returncode == 2 and said in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
