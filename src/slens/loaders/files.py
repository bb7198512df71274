"""The one way slens reads a file of the reviewed project: inside its root, a regular file, bounded.

Everything under the scanned folder may be written by an attacker, and so may every path a
template names (``DefinitionUri``, ``templateFile``, ``${file()}``, ``file()``, module sources).
Each read here resolves symlinks first and refuses what leaves the project root (so
``/proc/self/environ`` or ``~/.aws/credentials`` are never read), opens without blocking and
checks the open file itself (a FIFO or a device is never read, and a file swapped for one after
the check is caught by ``fstat`` on the same descriptor), and reads at most ``limit`` bytes.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from enum import Enum
from typing import BinaryIO

DEFAULT_LIMIT = 5 * 1024 * 1024
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)


class Refusal(Enum):
    #: the path (after symlinks) is outside the project: a notice, the user did nothing wrong
    OUTSIDE = "outside"
    #: a FIFO, device, socket or directory where a file was expected
    NOT_REGULAR = "not-regular"
    TOO_LARGE = "too-large"
    MISSING = "missing"
    UNREADABLE = "unreadable"


class Refused(Exception):
    """A read that did not happen, and why; ``message`` names the path as the user wrote it."""

    def __init__(self, path: str, reason: Refusal, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.reason = reason
        self.message = message


def project_root(path: str) -> str:
    """The root reads are confined to for a scanned ``path``: the enclosing git work tree when
    there is one (a template may name files beside its folder, and the repository is the user's),
    else the scanned folder itself (the folder holding it, for a file)."""
    # from where the path stands, not where a link points: a file named on the command line may be
    # a link an attacker committed (pre-commit passes such names), and its target is not the project
    absolute = os.path.abspath(path)
    start = absolute if os.path.isdir(absolute) and not os.path.islink(absolute) else os.path.dirname(absolute)
    folder = start
    while True:
        if os.path.exists(os.path.join(folder, ".git")):
            return os.path.realpath(folder)
        parent = os.path.dirname(folder)
        if parent == folder:
            return os.path.realpath(start)
        folder = parent


def is_inside(path: str, root: str) -> bool:
    """True when ``path``, with every symlink resolved, is ``root`` or below it."""
    real = os.path.realpath(path)
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


@dataclass(frozen=True)
class Confinement:
    """Where reads may go (``root``, already resolved) and how much one read may take."""

    root: str
    limit: int = DEFAULT_LIMIT

    @classmethod
    def of(cls, scanned: str, limit: int = DEFAULT_LIMIT) -> Confinement:
        return cls(project_root(scanned), limit)

    def inside(self, path: str) -> bool:
        return is_inside(path, self.root)

    def _descriptor(self, path: str, name: str) -> tuple[int, int]:
        """An open descriptor on a regular file inside the root, and its size; or :class:`Refused`."""
        if not self.inside(path):
            raise Refused(path, Refusal.OUTSIDE, f"{name} is outside the project: not read")
        try:
            descriptor = os.open(os.path.realpath(path), _FLAGS)
        except FileNotFoundError:
            raise Refused(path, Refusal.MISSING, f"{name} does not exist") from None
        except OSError as exc:
            raise Refused(path, Refusal.UNREADABLE, f"cannot read {name}: {exc.strerror or exc}") from None
        try:
            info = os.fstat(descriptor)
        except OSError as exc:
            os.close(descriptor)
            raise Refused(path, Refusal.UNREADABLE, f"cannot read {name}: {exc.strerror or exc}") from None
        if not stat.S_ISREG(info.st_mode):
            os.close(descriptor)
            raise Refused(path, Refusal.NOT_REGULAR, f"{name} is not a regular file: not read")
        return descriptor, info.st_size

    @contextmanager
    def open(self, path: str, shown: str | None = None) -> Iterator[tuple[BinaryIO, int]]:
        """A checked regular file inside the root, opened for reading, and its size: for callers that
        look at the head before deciding to read the rest (which they bound by ``limit`` themselves)."""
        descriptor, size = self._descriptor(path, shown or path)
        with os.fdopen(descriptor, "rb") as handle:
            yield handle, size

    def read_bytes(self, path: str, shown: str | None = None) -> bytes:
        """The file's bytes, or :class:`Refused`; ``shown`` is the path as messages should name it."""
        name = shown or path
        descriptor, size = self._descriptor(path, name)
        try:
            if size > self.limit:
                raise Refused(path, Refusal.TOO_LARGE, f"{name} is larger than {self.limit} bytes "
                                                       f"({size}): not read")
            chunks: list[bytes] = []
            size = 0
            while size <= self.limit:  # the file may grow after fstat: read one byte past the limit at most
                chunk = os.read(descriptor, min(1 << 20, self.limit + 1 - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
            if size > self.limit:
                raise Refused(path, Refusal.TOO_LARGE, f"{name} is larger than {self.limit} bytes: not read")
            return b"".join(chunks)
        except OSError as exc:
            raise Refused(path, Refusal.UNREADABLE, f"cannot read {name}: {exc.strerror or exc}") from None
        finally:
            os.close(descriptor)

    def read_text(self, path: str, shown: str | None = None) -> str:
        """The file as UTF-8 text (a leading byte order mark dropped), or :class:`Refused`."""
        data = self.read_bytes(path, shown)
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            raise Refused(path, Refusal.UNREADABLE, f"{shown or path}: invalid UTF-8 at line {line}") from None


#: the confinement of the unit being loaded, set by the scan around each unit (see :func:`confined`)
_ACTIVE: ContextVar[Confinement | None] = ContextVar("slens_confinement", default=None)


@contextmanager
def confined(confinement: Confinement) -> Iterator[Confinement]:
    """Every read of the loaders inside this block goes through ``confinement``."""
    token = _ACTIVE.set(confinement)
    try:
        yield confinement
    finally:
        _ACTIVE.reset(token)


def active(near: str) -> Confinement:
    """The scan's confinement; outside a scan (a library call on one file), the project root of ``near``."""
    current = _ACTIVE.get()
    return current if current is not None else Confinement.of(near)
