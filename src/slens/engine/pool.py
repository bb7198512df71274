"""One piece of work per unit over many units: in this process, or in forked worker processes when
there are enough units to pay for them; results in the units' order either way.

Generic over the unit and the work, so that the engine never learns what a unit is or how one is
loaded (the loaders plan and load units, the scan wires the two): the caller passes the work, the
results it already knows (from a cache), a size that orders the work and what to do once before
forking.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from slens.engine import workers

Unit = TypeVar("Unit")
Result = TypeVar("Result")

#: below this many units per worker, starting workers costs more than it saves
PARALLEL_MIN_FILES_PER_JOB = 8

#: the cyclic collector's thresholds during a scan. Loading and transforming a template makes
#: hundreds of thousands of short-lived containers and few cycles; at the default (700) the
#: collector runs every few hundred of them and costs about a tenth of the scan's time.
GC_THRESHOLDS = (20000, 50, 50)

#: the work of the current run: inherited by the forked workers, never pickled (it may be a closure)
_WORK: Callable[[Any], Any] | None = None


@contextmanager
def tuned_collector() -> Iterator[None]:
    thresholds = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def _work_in_worker(units: list[Any]) -> list[Any]:
    assert _WORK is not None
    return [_WORK(unit) for unit in units]


def run(units: Sequence[Unit], work: Callable[[Unit], Result], known: Sequence[Result | None], *, jobs: int = 1,
        size: Callable[[Unit], int], before_fork: Callable[[Sequence[Unit]], None],
        progress: Callable[[int, int], None] | None = None) -> list[Result]:
    """``work`` over each unit whose result is not ``known`` already. ``progress`` is called with
    (units done, units in all) once and then as units are done, in this process."""
    pending = [unit for unit, result in zip(units, known, strict=True) if result is None]
    done = len(units) - len(pending)

    def tick(count: int) -> None:
        nonlocal done
        done += count
        if progress is not None:
            progress(done, len(units))

    tick(0)
    jobs = min(jobs, len(pending) // PARALLEL_MIN_FILES_PER_JOB)
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        computed: Iterable[Result] = _serially(pending, work, tick)
    else:
        computed = _in_workers(pending, work, jobs, size, before_fork, tick)
    fresh = iter(computed)
    return [result if result is not None else next(fresh) for result in known]


def _serially(units: list[Unit], work: Callable[[Unit], Result], tick: Callable[[int], None]) -> Iterator[Result]:
    for unit in units:
        result = work(unit)
        tick(1)
        yield result


def _in_workers(units: list[Unit], work: Callable[[Unit], Result], jobs: int, size: Callable[[Unit], int],
                before_fork: Callable[[Sequence[Unit]], None], tick: Callable[[int], None]) -> list[Result]:
    global _WORK
    _WORK = work
    before_fork(units)
    # what the workers inherit is never collected in them: nor scanned (which would also copy
    # every page it touches, instead of sharing it with the parent)
    gc.freeze()
    # largest first, in small chunks: the workers finish together instead of one waiting on the
    # other's last big template (results come back in input order)
    order = sorted(range(len(units)), key=lambda i: -size(units[i]))
    try:
        results: list[Result] = workers.run(_work_in_worker, units, order, jobs,
                                            max(1, min(4, len(units) // (jobs * 16))), tick)
        return results
    finally:
        gc.unfreeze()
        _WORK = None
