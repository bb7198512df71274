"""The pure helpers of the benchmark scripts, on synthetic numbers: nothing is run or timed here."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"slens_bench_{name}", BENCHMARKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


review_cost = _load("review_cost")
Run = review_cost.Run


def _runs(*walls: float, cpu_factor: float = 1.5, status: int = 2) -> list[object]:
    return [Run(wall, wall * cpu_factor, status, 100) for wall in walls]


def test_ratios_are_paired_within_a_round() -> None:
    # a slow round slows both commands: pairing cancels it, a ratio of medians would not
    scan = [2.0, 4.0, 2.0]
    review = [2.2, 4.4, 2.2]
    assert review_cost.paired_ratios(scan, review) == pytest.approx([1.1, 1.1, 1.1])
    assert review_cost.spread([3.0, 1.0, 2.0, 10.0]) == (2.5, 1.0, 10.0)


def test_unpaired_samples_are_refused() -> None:
    with pytest.raises(ValueError, match="unpaired"):
        review_cost.paired_ratios([1.0, 2.0], [1.0])


def test_verdict_against_the_budget() -> None:
    assert review_cost.verdict("cold", "review json", 1.2, 1.1).endswith(
        "+20.0% over scan (median of paired ratios), budget +20%: within (CPU time: +10.0%)")
    assert review_cost.verdict("warm", "review text", 1.25, 1.0).endswith("budget +20%: over (CPU time: +0.0%)")
    assert "-5.0% over scan" in review_cost.verdict("warm", "review json", 0.95, 0.9)


def test_scan_alternates_first_and_last() -> None:
    variants = ["scan", "review json", "review text"]
    assert review_cost.order(variants, 0) == ["scan", "review json", "review text"]
    assert review_cost.order(variants, 1) == ["review json", "review text", "scan"]
    assert review_cost.order(variants, 2)[0] == "scan"


def test_html_is_timed_only_when_review_offers_it() -> None:
    without = "usage: slens review [-h] [--format {text,json,markdown}] [--output FILE]"
    with_html = "usage: slens review [-h] [--format {text,json,markdown,html}] [--output FILE]"
    assert review_cost.review_formats(without) == ["json", "text"]
    assert review_cost.review_formats(with_html) == ["json", "text", "html"]
    found = review_cost.commands("CORPUS", ["json", "text"])
    assert found["scan"][1:] == ["-m", "slens", "scan", "CORPUS", "--format", "json", "--fail-on", "never"]
    assert found["review text"][-4:] == ["review", "CORPUS", "--format", "text"]


def test_markdown_report() -> None:
    results = {
        "cold": {"scan": _runs(2.0, 4.0, 2.0), "review json": _runs(2.2, 4.4, 2.6)},
        "warm": {"scan": _runs(1.0, 1.0, 1.0), "review json": _runs(1.5, 1.5, 1.5, status=1)},
    }
    text = review_cost.render_markdown(results, {"rounds": "3", "slens": "0.1.0, commit abc1234"},
                                       {"scan": "python -m slens scan CORPUS"})
    assert "- rounds: 3" in text and "commit abc1234" in text
    assert ("- cold, review json: review costs +10.0% over scan (median of paired ratios), budget +20%: within "
            "(CPU time: +10.0%)") in text
    assert "- warm, review json: review costs +50.0% over scan" in text and "budget +20%: over" in text
    # wall median (min-max), CPU, the paired wall ratio median (min-max), the CPU ratio, exit codes
    assert "| `review json` | 2.60 (2.20-4.40) | 3.90 (3.30-6.60) | 1.10 (1.10-1.30) | 1.10 | 2 | 100 B |" in text
    assert "| `scan` | 1.00 (1.00-1.00) | 1.50 (1.50-1.50) | - | - | 2 | 100 B |" in text
    assert "| `review json` | 1.50 (1.50-1.50) | 2.25 (2.25-2.25) | 1.50 (1.50-1.50) | 1.50 | 1 | 100 B |" in text
    assert "- `scan`: `python -m slens scan CORPUS`" in text


def test_options() -> None:
    quick = review_cost.parse_args(["--quick", "--corpus", "x", "--output", "out.md"])
    assert (quick.rounds, quick.quick, quick.corpus, quick.output) == (1, True, Path("x"), Path("out.md"))
    default = review_cost.parse_args([])
    assert default.rounds == 5 and default.corpus.parts[-2:] == ("shared", "corpus")
