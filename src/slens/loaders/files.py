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
from dataclasses import dataclass
from enum import Enum

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
    real = os.path.realpath(path)
    start = real if os.path.isdir(real) else os.path.dirname(real)
    folder = start
    while True:
        if os.path.exists(os.path.join(folder, ".git")):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return start
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

    def read_bytes(self, path: str, shown: str | None = None) -> bytes:
        """The file's bytes, or :class:`Refused`; ``shown`` is the path as messages should name it."""
        name = shown or path
        if not self.inside(path):
            raise Refused(path, Refusal.OUTSIDE, f"{name} is outside the project ({self.root}): not read")
        try:
            descriptor = os.open(os.path.realpath(path), _FLAGS)
        except FileNotFoundError:
            raise Refused(path, Refusal.MISSING, f"{name} does not exist") from None
        except OSError as exc:
            raise Refused(path, Refusal.UNREADABLE, f"cannot read {name}: {exc.strerror or exc}") from None
        try:
            info = os.fstat(descriptor)
            if not stat.S_ISREG(info.st_mode):
                raise Refused(path, Refusal.NOT_REGULAR, f"{name} is not a regular file: not read")
            if info.st_size > self.limit:
                raise Refused(path, Refusal.TOO_LARGE, f"{name} is larger than {self.limit} bytes "
                                                       f"({info.st_size}): not read")
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
