"""One parametrised test over every rule fixture: expectations are written inside the fixture.

``# expect: ID`` at the end of a line expects a finding of rule ID on that line; on a line
of its own it expects it on the next line that is not a comment. ``pass_*`` fixtures must
produce no finding of their rule. Only the fixture's own rule runs, so other rules cannot
make a fixture brittle.

A live inventory fixture (``*.inventory.json``, docs/inventory.md) has no lines to point at and
JSON has no comments: its top-level ``"//expect"`` maps rule ids to the logical ids of the
resources expected to be found, and ``"//today"`` pins the day the rules judge as of.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from slens.rules import load_catalogue
from slens.scan import scan
from tests.rule_fixtures import RULES_DIR, fixtures, load_fixture, rule_modules, run_rule

EXPECT = re.compile(r"#\s*expect:\s*([A-Z]{2,4}\d{3}(?:\s*,\s*[A-Z]{2,4}\d{3})*)")


def expectations(path: Path) -> set[tuple[str, int]]:
    expected: set[tuple[str, int]] = set()
    pending: list[str] = []
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        match = EXPECT.search(line)
        ids = [i.strip() for i in match.group(1).split(",")] if match else []
        code = line.split("#", 1)[0].strip()
        if code:
            expected.update((i, number) for i in pending + ids)
            pending = []
        elif ids:
            pending.extend(ids)
    return expected


INVENTORY = ".inventory.json"


def inventory_expectations(path: Path) -> set[tuple[str, str]]:
    expected = json.loads(path.read_text()).get("//expect") or {}
    return {(rule_id, logical_id) for rule_id, ids in expected.items() for logical_id in ids}


@pytest.mark.parametrize("path", fixtures(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixture(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rule_id = rule_modules().get(path.parent.name)
    assert rule_id is not None, f"{path.parent} does not match a rule module"
    rule = load_catalogue().get(rule_id)
    assert rule is not None
    live = path.name.endswith(INVENTORY)
    if live and "//today" in (document := json.loads(path.read_text())):
        monkeypatch.setenv("SLENS_TODAY", document["//today"])
    loaded = load_fixture(path)
    if rule.compares:
        # a comparing rule judges a template against the account it was deployed to: alone, the
        # template has nothing to differ from; tests/test_live_join.py checks these fixtures'
        # expectations against the emulated account
        result = scan([str(path)], load_catalogue())
        assert not result.errors and not [f for f in result.findings if f.rule.id == rule.id]
        return
    findings, errors = run_rule(rule, path, loaded)
    assert not errors, errors
    actual: set[tuple[str, int | None]] | set[tuple[str, str]] = {(f.rule.id, f.span.line) for f in findings}
    expected: set[tuple[str, int]] | set[tuple[str, str]] = expectations(path)
    if live:
        actual, expected = {(f.rule.id, f.resource) for f in findings}, inventory_expectations(path)
    if path.name.startswith("pass_"):
        assert not expected, "pass fixtures carry no expectations"
        assert not findings, "\n".join(f"line {f.span.line}: {f.message}" for f in findings)
    else:
        assert expected, "fail fixtures must say which line is expected with '# expect: ID'"
        assert actual == expected, (
            f"\nexpected: {sorted(expected)}\nactual:   {sorted(actual)}\n"
            + "\n".join(f"  line {f.span.line}: {f.message}" for f in findings))


def test_every_rule_has_failing_and_passing_fixtures() -> None:
    names = {p.parent.name: set() for p in fixtures()}  # type: dict[str, set[str]]
    for p in fixtures():
        names[p.parent.name].add(p.name.split("_", 1)[0])
    missing = [f"{module} ({rule_id})" for module, rule_id in rule_modules().items()
               if names.get(module) != {"fail", "pass"}]
    assert not missing, f"rules without both fail_ and pass_ fixtures: {missing}"


def test_every_examples_folder_belongs_to_a_rule() -> None:
    modules = rule_modules()
    orphans = [str(d) for d in RULES_DIR.glob("*/examples/*") if d.is_dir() and d.name not in modules]
    assert not orphans
