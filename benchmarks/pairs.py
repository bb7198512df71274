"""What the benchmarks share: a child's bounded wait, a median with its range, and ratios paired
within a round (the machine is shared: two runs of one round saw the same load, two rounds need not
have)."""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import time


def spread(values: list[float]) -> tuple[float, float, float]:
    """Median, min and max."""
    return statistics.median(values), min(values), max(values)


def paired_ratios(base: list[float], other: list[float]) -> list[float]:
    """other / base, round by round (both lists in round order, same length)."""
    if len(base) != len(other):
        raise ValueError(f"unpaired samples: {len(base)} and {len(other)} runs")
    return [o / b for b, o in zip(base, other, strict=True) if b > 0]


def wait_bounded(process: subprocess.Popen[bytes], start: float, timeout: float,
                 ) -> tuple[int, resource.struct_rusage, bool]:
    """The child's exit status and resource usage (it and the children it waited for), polling so
    that a run past ``timeout`` seconds from ``start`` is killed with its whole session; and whether
    it was."""
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            return status, usage, False
        if time.perf_counter() - start > timeout:
            os.killpg(process.pid, 9)
            _pid, status, usage = os.wait4(process.pid, 0)
            return status, usage, True
        time.sleep(0.005)
