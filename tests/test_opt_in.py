"""Opt-in rules: practices most apps choose not to follow run only where a team turns them on.

The precision benchmark (``benchmarks/precision``) labelled every finding of these rules on 52 real
templates as noise: customer-managed keys, execution logging, WAF, CodeDeploy, tuned retry
settings are choices a team makes once, not defects of each resource. They stay in the catalogue,
documented and tested, and a team that follows the practice writes ``extend-select`` once.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from slens.config import configured_rules, load_config
from slens.docs import render_rule
from slens.rules import load_catalogue

OPT_IN = {"API102", "BKT202", "DDB001", "EVB301", "LAM103", "LAM304", "SNS002", "WAF201"}
ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "src/slens/rules/sns/examples/topic_without_encryption"


def test_the_opt_in_rules_are_the_ones_chosen_on_purpose() -> None:
    assert {r.id for r in load_catalogue() if r.opt_in} == OPT_IN


def test_by_default_opt_in_rules_do_not_run() -> None:
    catalogue = load_catalogue()
    chosen = {r.id for r in catalogue.select()}
    assert not chosen & OPT_IN
    assert chosen == {r.id for r in catalogue} - OPT_IN


def test_extend_select_adds_to_the_default_and_select_names_exactly() -> None:
    catalogue = load_catalogue()
    extended = {r.id for r in catalogue.select(extend=["LAM103", "topic-without-encryption"])}
    assert extended == ({r.id for r in catalogue} - OPT_IN) | {"LAM103", "SNS002"}
    assert {r.id for r in catalogue.select(["SNS002"])} == {"SNS002"}
    assert "LAM103" not in {r.id for r in catalogue.select(extend=["LAM103"], ignore=["LAM103"])}


def test_the_configuration_turns_one_on_once(tmp_path: Path) -> None:
    (tmp_path / ".slens.toml").write_text('extend-select = ["SNS002"]\n')
    catalogue, _ = configured_rules(load_config(tmp_path, None, {}))
    assert {r.id for r in catalogue} & OPT_IN == {"SNS002"}


def test_a_scan_reports_an_opt_in_rule_only_when_turned_on(tmp_path: Path) -> None:
    fixture = min(FIXTURE.glob("fail_cfn_*.yaml"))
    shutil.copy(fixture, tmp_path / "template.yaml")

    def rules_found(*extra: str) -> set[str]:
        out = subprocess.run([sys.executable, "-m", "slens", "scan", "template.yaml", "--format", "json",
                              "--no-cache", "--fail-on", "never", *extra], cwd=tmp_path, capture_output=True,
                             text=True, timeout=120, check=True)
        return {f["rule_id"] for f in json.loads(out.stdout)["findings"]}

    assert "SNS002" not in rules_found()
    assert "SNS002" in rules_found("--extend-select", "SNS002")


def test_rule_pages_and_the_listing_say_so() -> None:
    rule = load_catalogue().get("WAF201")
    assert rule is not None and "Off by default" in render_rule(rule) and 'extend-select = ["WAF201"]' in render_rule(
        rule)
    listing = subprocess.run([sys.executable, "-m", "slens", "rules", "--format", "json"], capture_output=True,
                             text=True, timeout=60, check=True).stdout
    assert {r["id"] for r in json.loads(listing) if r["opt_in"]} == OPT_IN


def test_a_suppression_of_a_rule_left_out_is_no_error(tmp_path: Path) -> None:
    (tmp_path / "template.yaml").write_text(
        "Resources:\n  Events:\n    Type: AWS::SNS::Topic\n    Metadata:\n      slens:\n        ignore:\n"
        "          - id: SNS002\n            reason: events carry no personal data\n")
    for extra in ((), ("--extend-select", "SNS002"), ("--select", "LAM001")):
        out = subprocess.run([sys.executable, "-m", "slens", "scan", "template.yaml", "--format", "json",
                              "--no-cache", *extra], cwd=tmp_path, capture_output=True, text=True, timeout=120)
        document = json.loads(out.stdout)
        assert out.returncode == 0 and not document["errors"] and not document["findings"], extra
