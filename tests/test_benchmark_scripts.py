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


live_scan = _load("live_scan")


def _live(*walls: float, rss: float = 120.0) -> list[object]:
    return [live_scan.Run(wall, wall * 0.5, rss, 0, wall * 0.6, 1000) for wall in walls]


def test_live_scan_environment_points_only_at_the_emulator() -> None:
    env = live_scan.loopback_env({"PATH": "/bin", "AWS_PROFILE": "prod", "AWS_REGION": "us-east-1",
                                  "AWS_SESSION_TOKEN": "t"}, "http://127.0.0.1:5000")
    assert env["PATH"] == "/bin" and env["AWS_ENDPOINT_URL"] == "http://127.0.0.1:5000"
    assert not {"AWS_PROFILE", "AWS_REGION", "AWS_SESSION_TOKEN"} & set(env)
    assert env["AWS_ACCESS_KEY_ID"].startswith("AKIA") and env["AWS_CONFIG_FILE"] == live_scan.os.devnull
    # slens scan's reader: max(4, 4 x one job per core) threads per pool
    assert [live_scan.reader_jobs(n) for n in (None, 1, 2, 8)] == [4, 4, 8, 32]


def test_live_scan_classifies_requests_by_protocol() -> None:
    auth = {"Authorization": "AWS4-HMAC-SHA256 Credential=AKIAX/20261206/eu-west-1/{}/aws4_request, Signature=x"}

    def signed(service: str, **more: str) -> dict[str, str]:
        return {"Authorization": auth["Authorization"].format(service), **more}

    assert live_scan.classify("POST", "/", signed("sqs", **{"X-Amz-Target": "AmazonSQS.ListQueues"}), b"{}") \
        == "sqs ListQueues"
    assert live_scan.classify("POST", "/", signed("iam"), b"Action=GetRole&Version=2010-05-08&RoleName=r") \
        == "iam GetRole"
    assert live_scan.classify("POST", "/service/GraniteServiceVersion20100801/operation/GetMetricData",
                              signed("monitoring"), b"\xa0") == "monitoring GetMetricData"
    assert live_scan.classify("GET", "/2015-03-31/functions/fn-00012/policy?Qualifier=x", signed("lambda"), b"") \
        == "lambda GET /functions/*/policy"
    assert live_scan.classify("GET", "/", {}, b"").startswith("? GET")


def test_live_scan_ratios_order_and_verdicts() -> None:
    assert live_scan.paired_ratios([10.0, 20.0], [12.0, 30.0]) == pytest.approx([1.2, 1.5])
    with pytest.raises(ValueError, match="unpaired"):
        live_scan.paired_ratios([1.0], [1.0, 2.0])
    assert live_scan.order(0) == ["slens", "floor"] and live_scan.order(1) == ["floor", "slens"]
    assert live_scan.per_function({"a": 1300, "b": 30}, 100) == pytest.approx(13.3)
    within = live_scan.Results(slens=_live(12.0, 30.0, 11.0), floor=_live(10.0, 20.0, 10.0))
    lines = live_scan.verdicts(within)
    assert lines[0].startswith("wall time: slens 1.20x the floor") and "budget 1.5x: within" in lines[0]
    assert lines[1] == "memory: slens peak RSS 120 MB (largest of the runs), budget < 300 MB: within"
    over = live_scan.verdicts(live_scan.Results(slens=_live(16.0, rss=310.0), floor=_live(10.0)))
    assert "1.60x" in over[0] and over[0].split("(CPU")[0].endswith("over ") and over[1].endswith("over")


def test_live_scan_markdown_report() -> None:
    results = live_scan.Results(slens=_live(12.0, 30.0, 11.0), floor=_live(10.0, 20.0, 10.0))
    calls = {"slens": {"lambda GET /functions/*/policy": 100, "sts GetCallerIdentity": 2},
             "floor": {"lambda GET /functions/*/policy": 100, "sts GetCallerIdentity": 1}}
    text = live_scan.render_markdown(results, {"functions": "100"}, calls, 100, {"slens": "python -m slens scan"})
    assert "- functions: 100" in text and "- slens: `python -m slens scan`" in text
    assert "| slens | 12.00 (11.00-30.00) | 6.00 (5.50-15.00) | 1.20 (1.10-1.50) | 1.20 | 120 (120-120) |" in text
    assert "| calls per function | 1.02 | 1.01 |" in text
    assert "| `lambda GET /functions/*/policy` | 100 | 100 |" in text
    assert "round 2: slens 30.00, floor 20.00, ratio 1.50" in text


def test_live_scan_options() -> None:
    quick = live_scan.parse_args(["--quick"])
    assert (quick.functions, quick.rounds) == (100, 1)
    default = live_scan.parse_args([])
    assert (default.functions, default.rounds, default.output.name) == (1000, 3, "live-results.md")
