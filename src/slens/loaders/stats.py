"""Counts of the work loaders did in this process (parses, transforms, cache hits), for tests that
guard against doing work twice.

Counting is off until :meth:`Stats.enable` (the test suite's ``conftest`` turns it on): production
runs pay for a lookup and a no-op store, not for a table that nobody reads.
"""

from __future__ import annotations

from collections import Counter


class Stats:
    """``STATS["parse"] += 1`` counts only once enabled; reads of an unseen name are 0."""

    __slots__ = ("_counts", "_enabled")

    def __init__(self) -> None:
        self._counts: Counter[str] = Counter()
        self._enabled = False

    def enable(self) -> None:
        self._enabled = True

    def __getitem__(self, name: str) -> int:
        return self._counts[name]

    def __setitem__(self, name: str, count: int) -> None:
        if self._enabled:
            self._counts[name] = count

    def clear(self) -> None:
        self._counts.clear()


STATS = Stats()
