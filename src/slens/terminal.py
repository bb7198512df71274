"""What the command line shows besides reports: progress on a terminal, tables fitted to its width,
suggestions for mistyped names. Nothing here analyses anything or imports the engine."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

#: seconds a scan runs before its progress is shown: shorter scans would only flicker
PROGRESS_AFTER = 1.0
#: test-only hook: ``SLENS_PROGRESS_AFTER=0`` shows progress at once, so that a test need not
#: build a scan slow enough to cross the threshold
PROGRESS_AFTER_VARIABLE = "SLENS_PROGRESS_AFTER"
#: the free-text column is wrapped beside the others while it has this many columns, else below them
MIN_TEXT_WIDTH = 30


def nearest(word: str, candidates: Iterable[str], count: int = 3) -> list[str]:
    """The candidates most like ``word``, best first; equally close ones keep their given order
    (``LAM00`` suggests LAM001, LAM002, LAM003, not LAM009, LAM008, LAM007)."""
    import difflib  # only a mistake pays for it: every command imports this module

    scored: list[tuple[float, int, str]] = []
    for index, candidate in enumerate(dict.fromkeys(candidates)):
        ratio = difflib.SequenceMatcher(None, word.lower(), candidate.lower()).ratio()
        if ratio >= 0.6:
            scored.append((-ratio, index, candidate))
    return [candidate for _, _, candidate in sorted(scored)[:count]]


def did_you_mean(word: str, candidates: Iterable[str], count: int = 1) -> str:
    """`` (did you mean X?)`` or nothing."""
    close = nearest(word, candidates, count)
    return f" (did you mean {' or '.join(close)}?)" if close else ""


def table(header: Sequence[str] | None, rows: Sequence[Sequence[str]], width: int | None, indent: str = "",
          sized_by: Sequence[Sequence[str]] = ()) -> list[str]:
    """Rows (after ``header`` unless None) aligned on columns as wide as the content of ``rows`` and
    ``sized_by``. The last column is free text: whole when ``width`` is None (piped output stays one
    line per row, for grep), else wrapped to ``width``, beside the other columns while it has room
    and on lines of its own below each row when not; columns that would not fit in ``width`` at all
    join the text, in brackets, from the last one."""
    import textwrap

    shown = [header, *rows] if header is not None else list(rows)
    every = [*shown, *sized_by]
    widths = [max(len(row[i]) for row in every) for i in range(len(every[0]) - 1)] if every else []
    while width is not None and len(widths) > 1 and len(indent) + sum(w + 2 for w in widths) > width:
        widths.pop()
    beside = len(indent) + sum(w + 2 for w in widths)
    below = indent + " " * ((widths or [0])[0] + 2)
    lines: list[str] = []
    for row in shown:
        start = indent + "".join(cell.ljust(w + 2) for cell, w in zip(row, widths, strict=False))
        moved = [cell for cell in row[len(widths):-1] if cell]
        text = row[-1] + (f" [{', '.join(moved)}]" if moved else "")
        if width is None:
            lines.append(start + text)
        elif width - beside >= MIN_TEXT_WIDTH:
            wrapped = textwrap.wrap(text, width - beside) or [""]
            lines += [start + wrapped[0]] + [" " * beside + part for part in wrapped[1:]]
        else:
            lines += [start] + [below + part for part in textwrap.wrap(text, max(MIN_TEXT_WIDTH, width - len(below)))]
    return [line.rstrip() for line in lines]


class Progress:
    """A progress callback for ``scan()``: files done of all and time elapsed on ``stream`` once
    the scan has run for ``PROGRESS_AFTER`` seconds, only when the stream is a terminal. It also
    remembers the counts, for the message after an interrupt."""

    def __init__(self, stream: TextIO, show: bool = True) -> None:
        self.done = 0
        self.total: int | None = None
        self._stream = stream
        self._show = show and stream.isatty()
        self._started = time.monotonic()
        self._bar: Any = None
        try:
            self._after = float(os.environ.get(PROGRESS_AFTER_VARIABLE, PROGRESS_AFTER))
        except ValueError:
            self._after = PROGRESS_AFTER

    def __call__(self, done: int, total: int) -> None:
        self.done, self.total = done, total
        if not self._show:
            return
        if self._bar is None:
            if time.monotonic() - self._started < self._after:
                return
            self._bar = self._open(total)
        self._bar.update(done - self._bar.n)

    def _open(self, total: int) -> Any:
        from tqdm import tqdm  # type: ignore[import-untyped]  # only runs that show progress import it

        columns, lines = self._size()
        # a tiny delay: the bar is drawn by the refresh below, once its clock is set back
        bar = tqdm(total=total, initial=self.done, file=self._stream, leave=False, ncols=columns - 1,
                   nrows=lines, mininterval=0.2, delay=1e-9,
                   bar_format="slens: {n_fmt}/{total_fmt} files |{bar}| {elapsed} elapsed, ~{remaining} left")
        # elapsed counts from the start of the run, not from when the bar first appears
        bar.start_t -= time.monotonic() - self._started
        bar.refresh()
        return bar

    def _size(self) -> tuple[int, int]:
        """COLUMNS and LINES, else the terminal's; 80x24 where it reports none (a new pseudo-terminal
        says 0x0, and tqdm then prints nothing at all)."""
        try:
            size = os.get_terminal_size(self._stream.fileno())
            columns, lines = size.columns, size.lines
        except (OSError, ValueError):
            columns = lines = 0
        try:
            columns = int(os.environ.get("COLUMNS", columns))
            lines = int(os.environ.get("LINES", lines))
        except ValueError:
            pass
        return max(columns, 20) if columns > 0 else 80, lines if lines > 1 else 24

    def close(self) -> None:
        """Clears the bar (the report comes next)."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None
