"""A function over items in forked worker processes: results in the items' order, reported as they
finish, a Ctrl-C that the parent alone handles by ending the workers at once, and workers that end
with their parent however it ends."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from multiprocessing.process import BaseProcess
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


#: prctl(2) option: the signal the kernel sends this process when its parent dies
_PR_SET_PDEATHSIG = 1


def _start_worker(parent: int) -> None:
    # Ctrl-C reaches the whole process group: the parent alone stops the run (and the workers),
    # so no worker prints a KeyboardInterrupt traceback of its own
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    if sys.platform.startswith("linux"):
        # a parent killed outright (SIGKILL, out of memory) cannot end its workers, which would
        # wait for work forever: the kernel ends them instead
        import ctypes

        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            return
        if os.getppid() != parent:  # it died before the request was made
            os._exit(1)


def _stop(pool: ProcessPoolExecutor, workers: set[BaseProcess]) -> None:
    """After an interrupt or an error: nothing more is started and the workers end now, not after
    the items they are on (they ignore SIGINT)."""
    pool.shutdown(wait=False, cancel_futures=True)
    for worker in workers:
        worker.terminate()
    for worker in workers:
        worker.join(5)


def run(function: Callable[[list[Item]], list[Result]], items: Sequence[Item], order: Sequence[int], jobs: int,
        chunk: int, tick: Callable[[int], None]) -> list[Result]:
    """``function`` (module-level: workers find it by name) over ``items``, handed out ``chunk`` at a
    time in ``order``; ``tick(n)`` is called in this process as each chunk of ``n`` items is done."""
    chunks = [list(order[start:start + chunk]) for start in range(0, len(order), chunk)]
    done: dict[int, Result] = {}
    before = set(multiprocessing.active_children())
    # the workers are forked by the first submit: SIGINT stays blocked until then, so that none
    # is forked able to take a Ctrl-C before it ignores them
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"),
                               initializer=_start_worker, initargs=(os.getpid(),))
    try:
        try:
            futures: dict[Future[list[Result]], list[int]] = {
                pool.submit(function, [items[i] for i in indices]): indices for indices in chunks}
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        for future in as_completed(futures):
            done.update(zip(futures[future], future.result(), strict=True))
            tick(len(futures[future]))
    except BaseException:
        _stop(pool, set(multiprocessing.active_children()) - before)
        raise
    pool.shutdown()
    return [done[index] for index in range(len(items))]
