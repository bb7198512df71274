"""The statistics the benchmarks share: a median with its range, and ratios paired within a round
(the machine is shared: two runs of one round saw the same load, two rounds need not have)."""

from __future__ import annotations

import statistics


def spread(values: list[float]) -> tuple[float, float, float]:
    """Median, min and max."""
    return statistics.median(values), min(values), max(values)


def paired_ratios(base: list[float], other: list[float]) -> list[float]:
    """other / base, round by round (both lists in round order, same length)."""
    if len(base) != len(other):
        raise ValueError(f"unpaired samples: {len(base)} and {len(other)} runs")
    return [o / b for b, o in zip(base, other, strict=True) if b > 0]
