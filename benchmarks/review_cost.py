"""What ``slens review`` costs over ``slens scan`` on the shared corpus (issue 12: at most +20 %).

For several rounds, ``slens scan`` and ``slens review`` (``--format json`` and ``text``, and
``html`` when ``slens review --help`` lists it) run as fresh processes, in two cache states:
cold (a new, empty ``XDG_CACHE_HOME`` every run) and warm (one cache folder per state, filled by
a warm-up run of scan and of review). Scan runs first in even rounds and last in odd ones, to
cancel drift. Wall and CPU time (user + system) come from ``os.wait4``. Figures are medians with
min and max; the review/scan ratio is taken pair by pair within a round, then its median.
Writes ``benchmarks/review-results.md``.

    python benchmarks/review_cost.py              # 5 rounds, cold and warm
    python benchmarks/review_cost.py --quick      # 1 round, cold only: a smoke test
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from pairs import paired_ratios, spread, wait_bounded  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
BUDGET = 0.20
#: exit codes that are results, not failures: 0 clean, 1 findings (scan), 2 scan errors in the corpus
NORMAL_EXIT = (0, 1, 2)


@dataclass
class Run:
    wall: float
    cpu: float
    status: int
    output_bytes: int = 0


#: state ("cold", "warm") -> variant ("scan", "review json", ...) -> one run per round, in round order
Results = dict[str, dict[str, list[Run]]]


def verdict(state: str, variant: str, ratio: float, cpu_ratio: float, budget: float = BUDGET) -> str:
    within = "within" if ratio <= 1 + budget else "over"
    return (f"{state}, {variant}: review costs {ratio - 1:+.1%} over scan (median of paired ratios), "
            f"budget {budget:+.0%}: {within} (CPU time: {cpu_ratio - 1:+.1%})")


def review_formats(help_text: str) -> list[str]:
    """The formats to time: json and text, and html if ``slens review --help`` offers it."""
    match = re.search(r"--format \{([^}]*)\}", help_text)
    offered = match.group(1).split(",") if match else []
    return [f for f in ("json", "text", "html") if f in offered or f in ("json", "text")]


def commands(corpus: str, formats: list[str]) -> dict[str, list[str]]:
    slens = [sys.executable, "-m", "slens"]
    found = {"scan": [*slens, "scan", corpus, "--format", "json", "--fail-on", "never"]}
    found.update({f"review {f}": [*slens, "review", corpus, "--format", f] for f in formats})
    return found


def order(variants: list[str], round_number: int) -> list[str]:
    """Scan first in even rounds (0, 2, ...), last in odd ones."""
    reviews = [v for v in variants if v != "scan"]
    return ["scan", *reviews] if round_number % 2 == 0 else [*reviews, "scan"]


def measure(command: list[str], cache: str, out: Path, timeout: float) -> tuple[Run, str]:
    """One fresh process: wall and CPU (it and its waited-for children); stderr is returned."""
    with out.open("wb") as stdout, tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=stdout, stderr=stderr, cwd=ROOT, start_new_session=True,
                                   env={**os.environ, "XDG_CACHE_HOME": cache})
        status, usage, _killed = wait_bounded(process, start, timeout)
        wall = time.perf_counter() - start
        process.returncode = code = os.waitstatus_to_exitcode(status)
        stderr.seek(0)
        errors = stderr.read().decode(errors="replace")
    return Run(wall, usage.ru_utime + usage.ru_stime, code, out.stat().st_size), errors


def _spread(values: list[float]) -> str:
    median, low, high = spread(values)
    return f"{median:.2f} ({low:.2f}-{high:.2f})"


def _table(results: Results, state: str) -> list[str]:
    runs = results[state]
    lines = ["| command | wall s, median (min-max) | CPU s, median (min-max) | review/scan wall, paired "
             "median (min-max) | review/scan CPU, paired median | exit codes | stdout |",
             "|---|---|---|---|---|---|---|"]
    for variant, samples in runs.items():
        wall, cpu = [r.wall for r in samples], [r.cpu for r in samples]
        ratio, ratio_cpu = "-", "-"
        if variant != "scan":
            pairs = paired_ratios([r.wall for r in runs["scan"]], wall)
            cpu_pairs = paired_ratios([r.cpu for r in runs["scan"]], cpu)
            ratio = _spread(pairs)
            ratio_cpu = f"{statistics.median(cpu_pairs):.2f}"
        codes = ", ".join(str(c) for c in sorted({r.status for r in samples}))
        size = max(r.output_bytes for r in samples)
        lines.append(f"| `{variant}` | {_spread(wall)} | {_spread(cpu)} | {ratio} | {ratio_cpu} | {codes} "
                     f"| {size:,} B |")
    return lines


def verdicts(results: Results) -> list[str]:
    found = []
    for state, runs in results.items():
        scan, scan_cpu = [r.wall for r in runs["scan"]], [r.cpu for r in runs["scan"]]
        for variant, samples in runs.items():
            if variant != "scan":
                found.append(verdict(state, variant, statistics.median(paired_ratios(scan, [r.wall for r in samples])),
                                     statistics.median(paired_ratios(scan_cpu, [r.cpu for r in samples]))))
    return found


def render_markdown(results: Results, info: dict[str, str], shown: dict[str, str]) -> str:
    lines = ["# `slens review` against `slens scan`", "",
             "Written by `benchmarks/review_cost.py` (see `README.md`). Issue 12: `slens review` costs at most "
             f"{BUDGET:.0%} more time than `slens scan` on the shared corpus (medians).", ""]
    lines += [f"- {key}: {value}" for key, value in info.items()]
    lines += ["", "## Verdict (wall time)", ""] + [f"- {v}" for v in verdicts(results)]
    for state in results:
        note = ("a new, empty `XDG_CACHE_HOME` every run" if state == "cold"
                else "one `XDG_CACHE_HOME` for the state, filled by a warm-up scan and review")
        lines += ["", f"## {state} cache ({note})", "", *_table(results, state)]
    lines += ["", "## Commands", "", "Run from the repository root, stdout to a temporary file:", ""]
    lines += [f"- `{name}`: `{command}`" for name, command in shown.items()]
    lines += ["", "Exit code 2 is normal here: the corpus has files that slens reports as scan errors.",
              "Ratios are wall (or CPU) of review divided by that of scan in the same round and cache state; "
              "the machine is shared, so read the paired ratios and CPU rather than single wall times.", ""]
    return "\n".join(lines)


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()


def describe(corpus: Path, rounds: int) -> dict[str, str]:
    from compare import machine

    dirty = " (with uncommitted changes in src/)" if _git("status", "--porcelain", "--", "src") else ""
    version = subprocess.run([sys.executable, "-m", "slens", "--version"], capture_output=True, text=True).stdout
    files = sum(1 for p in corpus.rglob("*") if p.is_file())
    return {**machine(), "slens": f"{version.strip()}, commit {_git('rev-parse', '--short', 'HEAD')}{dirty}",
            "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
            "corpus": f"`{os.path.relpath(corpus, ROOT)}` ({corpus}): {files} files", "rounds": str(rounds)}


def scanned(scan_report: Path) -> str:
    """What the first scan reported, to show that the runs did the work."""
    try:
        summary = json.loads(scan_report.read_bytes())["summary"]
    except (OSError, ValueError, KeyError):
        return "no JSON report"
    return (f"{summary['files_scanned']} files scanned, {summary['files_skipped']} skipped, "
            f"{summary['errors']} scan errors, {summary['findings']} findings")


def run(args: argparse.Namespace) -> int:
    corpus = args.corpus.resolve()
    help_text = subprocess.run([sys.executable, "-m", "slens", "review", "--help"], capture_output=True,
                               text=True).stdout
    variants = commands(str(corpus), review_formats(help_text))
    states = ["cold"] if args.quick else ["cold", "warm"]
    results: Results = {s: {v: [] for v in variants} for s in states}
    failed = False
    info = describe(corpus, args.rounds)
    work = Path(tempfile.mkdtemp(prefix="slens-review-bench-"))
    try:
        warm = str(work / "warm-cache")
        if "warm" in states:
            print("warm-up (not counted): scan and review fill the warm cache", flush=True)
            for name in ("scan", "review json"):
                measure(variants[name], warm, work / "stdout", args.timeout)
        for number in range(args.rounds):
            for state in states:
                for name in order(list(variants), number):
                    cache = tempfile.mkdtemp(prefix="cold-", dir=work) if state == "cold" else warm
                    out = work / ("scan.json" if name == "scan" and number == 0 else "stdout")
                    sample, errors = measure(variants[name], cache, out, args.timeout)
                    if state == "cold":
                        shutil.rmtree(cache, ignore_errors=True)
                    results[state][name].append(sample)
                    print(f"  round {number + 1} {state} {name:12} {sample.wall:7.3f} s wall {sample.cpu:7.3f} s CPU"
                          f"  exit {sample.status}", flush=True)
                    if sample.status not in NORMAL_EXIT:
                        failed = True
                        print(f"  FAILED ({sample.status}): {' '.join(variants[name])}\n{errors[-4000:]}", flush=True)
        info["scan report (round 1)"] = scanned(work / "scan.json")
        info["load average at end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    finally:
        shutil.rmtree(work, ignore_errors=True)
    where = os.path.relpath(corpus, ROOT)
    shown = {name: " ".join(["python -m slens", *c[3:]]).replace(str(corpus), where)
             for name, c in variants.items()}
    text = render_markdown(results, info, shown)
    args.output.write_text(text)
    print(text)
    for line in verdicts(results):
        print(line)
    return 1 if failed else 0


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5, help="counted rounds (default 5)")
    parser.add_argument("--quick", action="store_true", help="1 round, cold cache only: a smoke test")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="default ../shared/corpus")
    parser.add_argument("--timeout", type=float, default=300, help="seconds per process before it is killed")
    parser.add_argument("--output", type=Path, default=HERE / "review-results.md")
    args = parser.parse_args(argv)
    if args.quick:
        args.rounds = 1
    if args.rounds < 1:
        parser.error("--rounds must be 1 or more")
    return args


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, str(HERE))  # compare.machine()
    return run(parse_args(sys.argv[1:] if argv is None else argv))


if __name__ == "__main__":
    sys.exit(main())
