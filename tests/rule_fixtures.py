"""What the tests over the rules' example fixtures share: finding the fixtures and running one rule."""

from __future__ import annotations

import re
from pathlib import Path

from slens.engine import Finding, Rule, run_rules
from slens.loaders import Loaded, load_file
from slens.rules import load_catalogue
from slens.scan import scan

RULES_DIR = Path(__file__).resolve().parent.parent / "src" / "slens" / "rules"


def rule_of(rule_id: str) -> Rule:
    """The catalogue's rule of that id (the test fails when there is none)."""
    rule = load_catalogue().get(rule_id)
    assert rule is not None, rule_id
    return rule


def last_word(name: str) -> str:
    """The last word of a camel-case or snake-case name: ``MyStateMachine`` -> ``Machine``."""
    words = re.findall(r"[A-Z]+[a-z0-9]*|[a-z0-9]+", name)
    return words[-1] if words else name


def rule_modules() -> dict[str, str]:
    """rule module name -> rule id."""
    return {rule.module.rsplit(".", 1)[-1]: rule.id for rule in load_catalogue()}


def fixtures() -> list[Path]:
    return sorted(p for p in RULES_DIR.glob("*/examples/*/*") if p.name.startswith(("fail_", "pass_")))


def load_fixture(path: Path) -> Loaded:
    """The file's graph; a file that does not load cleanly fails the test."""
    loaded = load_file(str(path), explicit=True)
    assert isinstance(loaded, Loaded) and loaded.graph is not None, f"{path} did not load: {loaded}"
    assert not loaded.problems, f"{path} has load problems: {loaded.problems}"
    return loaded


def run_rule(rule: Rule, path: Path, loaded: Loaded) -> tuple[list[Finding], list[object]]:
    """The findings of ``rule`` alone on the file, and its errors. A meta-rule judges suppressions:
    it needs the whole pipeline and every rule."""
    if rule.meta:
        result = scan([str(path)], load_catalogue())
        return [f for f in result.findings if f.rule.id == rule.id], list(result.errors)
    assert loaded.graph is not None
    findings, errors = run_rules([rule], loaded.graph, str(path))
    return list(findings), list(errors)
