"""The property-based robustness test of tests/test_fuzz.py, run for longer.

Generates ``--examples`` templates (YAML and JSON) from the resource types and properties the
rules read, with random and wrong values, and scans each twice: no exception, no ``internal``
error, the same output both times, under the time bound. On a failure hypothesis shrinks the
template, and the smallest failing one is saved (``--out``, default
``benchmarks/.fuzz-failures/``) with the traceback next to it. Prints the scan-time
distribution at the end.

    python benchmarks/fuzz.py --examples 2000 [--seed 1]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import traceback
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from tests.test_fuzz import CATALOGUE, check_template, render, templates  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=None, help="for a repeatable run (default: random)")
    parser.add_argument("--out", type=Path, default=HERE / ".fuzz-failures")
    args = parser.parse_args()
    times: list[float] = []
    last_failure: dict[str, Any] = {}

    @settings(max_examples=args.examples, deadline=None, database=None, print_blob=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(template=templates(), as_json=st.booleans())
    def fuzz(template: dict[str, Any], as_json: bool) -> None:
        try:
            times.append(check_template(template, as_json, CATALOGUE))
        except BaseException as exc:  # keep the latest (after shrinking: the smallest) failing template
            last_failure.update(text=render(template, as_json), as_json=as_json,
                                error="".join(traceback.format_exception(exc)))
            raise

    if args.seed is not None:
        fuzz = seed(args.seed)(fuzz)
    started = time.perf_counter()
    try:
        fuzz()
    except BaseException:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / ".gitignore").write_text("*\n")
        stamp = time.strftime("%Y%m%d-%H%M%S")
        template = args.out / f"failure-{stamp}.{'json' if last_failure.get('as_json') else 'yaml'}"
        template.write_text(last_failure.get("text", ""))
        template.with_suffix(".txt").write_text(last_failure.get("error", traceback.format_exc()))
        print(f"\nFAILED after {len(times)} passing examples. Smallest failing template: {template}\n"
              f"traceback: {template.with_suffix('.txt')}\n\n{last_failure.get('error', '')}", file=sys.stderr)
        return 1
    elapsed = time.perf_counter() - started
    ordered = sorted(times)
    if ordered:
        p99 = ordered[int(0.99 * (len(ordered) - 1))]
        print(f"{len(times)} examples passed in {elapsed:.1f} s. Scan time per template (the slower of two runs): "
              f"median {1000 * statistics.median(ordered):.1f} ms, p99 {1000 * p99:.1f} ms, "
              f"max {1000 * ordered[-1]:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
