"""How a path is shown in reports, and whether ``--exclude`` patterns leave it out."""

from __future__ import annotations

import os
from functools import lru_cache
from typing import TYPE_CHECKING

from slens.loaders.text import printable

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec


def display_path(path: str) -> str:
    """Relative to the working directory where the file lies below it, POSIX separators."""
    absolute = os.path.abspath(path)
    cwd = os.getcwd()
    if absolute.startswith(cwd + os.sep):
        path = os.path.relpath(absolute, cwd)
    return printable(path.replace(os.sep, "/"))  # a name that is not UTF-8: its bytes escaped


@lru_cache(maxsize=8)
def _spec(patterns: tuple[str, ...]) -> GitIgnoreSpec:
    from pathspec import GitIgnoreSpec  # only runs that exclude something pay for the import

    return GitIgnoreSpec.from_lines(patterns)


def excluded(path: str, patterns: tuple[str, ...], roots: tuple[str, ...] = ()) -> bool:
    """Whether gitignore-style ``patterns`` match the path as shown, or relative to a scanned directory
    (so that an anchored pattern works whatever the working directory)."""
    spec = _spec(patterns)
    if spec.match_file(display_path(path)):
        return True
    absolute = os.path.abspath(path)
    return any(absolute.startswith(root + os.sep)
               and spec.match_file(os.path.relpath(absolute, root).replace(os.sep, "/")) for root in roots)
