from __future__ import annotations

import importlib.util
from pathlib import Path

from slens.docs import render_rule
from slens.rules import load_catalogue

ROOT = Path(__file__).resolve().parent.parent


def _tool():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("generate_docs", ROOT / "tools" / "generate_docs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_rule_docs_are_fresh() -> None:
    assert _tool().stale() == [], "run: python tools/generate_docs.py"


def test_stale_docs_are_detected(tmp_path: Path) -> None:
    tool = _tool()
    assert "index.md" in tool.stale(tmp_path)
    (tmp_path / "ZZZ999-leftover.md").write_text("old")
    assert "ZZZ999-leftover.md" in tool.stale(tmp_path)


def test_rule_page_shows_tested_examples_without_annotations() -> None:
    for rule in load_catalogue():
        page = render_rule(rule)
        assert "## Non-compliant example" in page and "## Compliant example" in page, rule.id
        assert "expect:" not in page, rule.id
        for heading in ("What it does", "Why it matters", "How to fix", "When to ignore"):
            assert f"## {heading}" in page
