"""Writing reports: atomically, every one attempted, never over an input, never outside the project
when the path came from a repository's own configuration file (which an attacker may have written)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass

from slens.loaders.files import is_inside, project_root


@dataclass(frozen=True)
class Output:
    path: str
    text: str
    #: where the path was given: "command line", "environment X", a configuration file, "default"
    source: str = "command line"

    @property
    def from_file(self) -> bool:
        return self.source not in ("command line", "default") and not self.source.startswith("environment")


def write_atomically(path: str, text: str) -> None:
    """Replace ``path`` by a complete report, never a half-written one; a device or pipe named as the
    output (``/dev/null``, ``/dev/stdout``, a FIFO) is written to, never replaced by a file."""
    try:
        special = not stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        special = False
    if special:
        # non-blocking to open: a pipe nobody reads (one a repository may hold) is an error at once,
        # not a scan that hangs; blocking again to write, so a full pipe waits for its reader
        descriptor = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
        os.set_blocking(descriptor, True)
        with open(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
        return
    directory = os.path.dirname(os.path.abspath(path))
    temporary = os.path.join(directory, f".{os.path.basename(path)}.{os.getpid()}.tmp")
    try:
        with open(temporary, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def refusal(output: Output, inputs: frozenset[str], project: str | None) -> str | None:
    """Why ``output`` must not be written, or None. ``inputs`` are the real paths of the files the scan
    read as templates; ``project`` is the root a configuration file's paths must stay in."""
    real = os.path.realpath(output.path)
    if real in inputs:
        return f"refusing to write {output.path}: it is one of the scanned inputs"
    if os.path.isdir(real):
        return f"cannot write {output.path}: it is a folder"
    if output.from_file and project is not None and not is_inside(output.path, project):
        return f"refusing to write {output.path} (from {output.source}): it is outside the project ({project})"
    return None


def write_all(outputs: Iterable[Output], inputs: Iterable[str], config_file: str | None) -> list[str]:
    """Write every output that may be written; the problems, one line each (empty when all went well)."""
    real_inputs = frozenset(os.path.realpath(path) for path in inputs)
    project = project_root(os.path.dirname(os.path.abspath(config_file))) if config_file else None
    problems: list[str] = []
    for output in outputs:
        why = refusal(output, real_inputs, project)
        if why is None:
            try:
                write_atomically(output.path, output.text)
            except OSError as exc:
                why = f"cannot write {output.path}: {exc.strerror or exc}"
        if why is not None:
            problems.append(why)
    return problems
