"""Is this tree slower than an earlier revision? Paired runs of both on the same inputs.

A refactoring promises the same results at no extra cost. This script checks the cost half: it
checks the earlier revision out into a temporary git worktree, then for several rounds scans each
input once with each tree (fresh process, no cache, JSON to a temporary file), alternating which
goes first, and reports the median wall and CPU time of each and the ratio now/before paired
within each round (the machine is shared: one round's two runs saw the same load). Writes
``benchmarks/versus-results.md``.

    python benchmarks/versus.py 6454267                   # 5 rounds on the examples and corpora
    python benchmarks/versus.py 6454267 --rounds 3 --only corpus-serverless-patterns
"""

from __future__ import annotations

import argparse
import datetime
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from pairs import paired_ratios, spread, wait_bounded

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpus"
OUT = ROOT / "benchmarks" / "versus-results.md"


def inputs() -> dict[str, Path]:
    found = {"examples": ROOT / "examples"}
    if SHARED.is_dir():
        found.update({f"corpus-{p.name}": p for p in sorted(SHARED.iterdir()) if p.is_dir()})
    return found


@dataclass
class Samples:
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)


def run_once(tree: Path, target: Path, timeout: float) -> tuple[float, float]:
    """Wall and CPU seconds of one scan of ``target`` by the slens in ``tree``."""
    env = {**os.environ, "PYTHONPATH": str(tree / "src"), "SLENS_NO_CACHE": "1"}
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        command = [sys.executable, "-m", "slens", "scan", str(target), "--format", "json", "--no-cache",
                   "--fail-on", "never", "--output", out.name]
        start = time.perf_counter()
        process = subprocess.Popen(command, env=env, cwd=tree, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, start_new_session=True)
        status, usage, killed = wait_bounded(process, start, timeout)
        wall = time.perf_counter() - start
        # 2 is also a review: a corpus has inputs that cannot be read; only a report proves the scan ran
        reviewed = os.waitstatus_to_exitcode(status) in (0, 1, 2) and b'"findings"' in Path(out.name).read_bytes()
    if killed or not reviewed:
        raise RuntimeError(f"{tree.name}: scan of {target} {'timed out' if killed else 'failed'}")
    return wall, usage.ru_utime + usage.ru_stime


def markdown(before: str, now: str, rounds: int, results: dict[str, tuple[Samples, Samples]]) -> str:
    lines = [
        "# This tree against an earlier revision",
        "",
        f"Written by `benchmarks/versus.py` on {datetime.date.today().isoformat()}: `{before}` (before) "
        f"against `{now}` (now), {rounds} rounds, one fresh process per scan, no cache, order alternating "
        "per round. Medians with [min-max]; the ratio is now/before paired within a round.",
        "",
        "| input | before wall s | now wall s | now/before wall | before CPU s | now CPU s | now/before CPU |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, (old, new) in results.items():
        cells = [name]
        for metric in ("wall", "cpu"):
            a, b = getattr(old, metric), getattr(new, metric)
            ratio = spread(paired_ratios(a, b))
            cells += [_fmt(spread(a)), _fmt(spread(b)), f"{ratio[0]:.2f}x [{ratio[1]:.2f}-{ratio[2]:.2f}]"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _fmt(figures: tuple[float, float, float]) -> str:
    return f"{figures[0]:.2f} [{figures[1]:.2f}-{figures[2]:.2f}]"


def _commit(tree: Path, rev: str) -> str:
    return subprocess.run(["git", "-C", str(tree), "rev-parse", "--short", rev], capture_output=True, text=True,
                          check=True).stdout.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before", help="the earlier revision (a commit, tag or branch)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--only", action="append", help="only these inputs (examples, corpus-terraform, ...)")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds one scan may take")
    parser.add_argument("--output", type=Path, default=OUT)
    args = parser.parse_args(argv)
    chosen = {k: v for k, v in inputs().items() if not args.only or k in args.only}
    before = _commit(ROOT, args.before)
    now = _commit(ROOT, "HEAD") + ("+changes" if subprocess.run(
        ["git", "-C", str(ROOT), "diff", "--quiet", "HEAD", "--", "src"]).returncode else "")
    with tempfile.TemporaryDirectory(prefix="slens-versus-") as scratch:
        old_tree = Path(scratch) / "before"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(old_tree), before],
                       check=True)
        try:
            results = {name: (Samples(), Samples()) for name in chosen}
            for round_ in range(args.rounds):
                for name, target in chosen.items():
                    old, new = results[name]
                    order = [(old_tree, old), (ROOT, new)]
                    for tree, samples in order if round_ % 2 == 0 else reversed(order):
                        wall, cpu = run_once(tree, target, args.timeout)
                        samples.wall.append(wall)
                        samples.cpu.append(cpu)
                print(f"round {round_ + 1}/{args.rounds} done", file=sys.stderr)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(old_tree)], check=False)
    args.output.write_text(markdown(before, now, args.rounds, results))
    print(args.output.read_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
