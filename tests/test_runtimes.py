"""LAM004/LAM005 boundaries with "today" pinned through SLENS_TODAY, so they never go stale."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from slens import clock
from slens.engine import run_rules
from slens.loaders import Loaded, load_file
from slens.model import runtimes as _runtimes
from slens.rules import load_catalogue

TEMPLATE = """\
Resources:
  OrdersFunction:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: {runtime}
      Handler: app.handler
      Role: arn:aws:iam::123456789012:role/orders
      Code:
        ZipFile: "def handler(event, context): return event"
"""


def findings(tmp_path: Path, runtime: str) -> set[str]:
    path = tmp_path / "template.yaml"
    path.write_text(TEMPLATE.format(runtime=runtime))
    loaded = load_file(str(path), explicit=True)
    assert isinstance(loaded, Loaded) and loaded.graph is not None and not loaded.problems
    catalogue = load_catalogue()
    rules = [catalogue.get("LAM004"), catalogue.get("LAM005")]
    found, errors = run_rules([r for r in rules if r is not None], loaded.graph, str(path))
    assert not errors, errors
    return {f.rule.id for f in found}


DEPRECATED = _runtimes.DEPRECATION_DATES["python3.8"]


@pytest.mark.parametrize(("today", "expected"), [
    (DEPRECATED + timedelta(days=1), {"LAM004"}),     # deprecated yesterday
    (DEPRECATED, {"LAM004"}),                         # deprecated today
    (DEPRECATED - timedelta(days=1), {"LAM005"}),     # tomorrow
    (DEPRECATED - timedelta(days=10), {"LAM005"}),    # in 10 days
    (DEPRECATED - timedelta(days=180), {"LAM005"}),   # last day of the warning window
    (DEPRECATED - timedelta(days=181), set()),
    (DEPRECATED - timedelta(days=200), set()),        # in 200 days
])
def test_boundaries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, today: date, expected: set[str]) -> None:
    monkeypatch.setenv("SLENS_TODAY", today.isoformat())
    assert findings(tmp_path, "python3.8") == expected


def test_message_names_runtime_and_date(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLENS_TODAY", (DEPRECATED - timedelta(days=10)).isoformat())
    path = tmp_path / "template.yaml"
    path.write_text(TEMPLATE.format(runtime="python3.8"))
    loaded = load_file(str(path), explicit=True)
    assert isinstance(loaded, Loaded) and loaded.graph is not None
    rule = load_catalogue().get("LAM005")
    assert rule is not None
    found, _ = run_rules([rule], loaded.graph, str(path))
    assert [f.message for f in found] == [
        "function OrdersFunction uses runtime python3.8, deprecated on 2024-10-14 (in 10 days)"]


def test_unknown_runtime_is_not_judged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLENS_TODAY", "2100-01-01")
    assert findings(tmp_path, "python9.9") == set()


def test_today_defaults_to_the_local_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SLENS_TODAY", raising=False)
    assert clock.today() == date.today()
    monkeypatch.setenv("SLENS_TODAY", "2027-02-03")
    assert clock.today() == date(2027, 2, 3)


def test_bad_slens_today_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLENS_TODAY", "next tuesday")
    with pytest.raises(ValueError, match="SLENS_TODAY"):
        clock.today()


def test_table_keys_are_runtime_identifiers() -> None:
    for runtime in _runtimes.DEPRECATION_DATES:
        assert runtime == runtime.strip().lower() and " " not in runtime
    assert _runtimes.deprecation_date(" Python3.8 ") == DEPRECATED
