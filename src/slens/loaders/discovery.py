"""Finding candidate template files: recursive, loop-safe, skipping what is never a template."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum

from slens.loaders.files import Confinement, Refusal, Refused, project_root

SKIPPED_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", ".aws-sam", "cdk.out", ".venv", "venv",
                          "__pycache__", ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache",
                          ".terraform", ".idea", ".vscode"})
TEMPLATE_SUFFIXES = (".yaml", ".yml", ".json", ".template", ".tf")


def is_cloud_assembly(path: str, confinement: Confinement | None = None) -> bool:
    """A CDK cloud assembly: a folder whose manifest.json describes CloudFormation stacks. The
    manifest is only looked at when it is a regular file inside the project (a FIFO never blocks)."""
    try:
        with (confinement or Confinement.of(path)).open(os.path.join(path, "manifest.json")) as (handle, _):
            head = handle.read(1 << 20)
        return b"aws:cloudformation:stack" in head or b"cdk:cloud-assembly" in head
    except (Refused, OSError):
        return False


def _unreadable_manifest(path: str, confinement: Confinement) -> Missing | Outside | None:
    """A folder's ``manifest.json`` that is there but cannot be read (a FIFO, a device, a link out
    of the project): said, rather than the folder passing for one without an assembly."""
    manifest = os.path.join(path, "manifest.json")
    if not os.path.lexists(manifest):
        return None
    try:
        with confinement.open(manifest):
            return None
    except Refused as exc:
        if exc.reason is Refusal.OUTSIDE:
            return Outside(manifest)
        return Missing(manifest, exc.message) if exc.reason is not Refusal.MISSING else None


class UnitKind(Enum):
    """What one loader call reads. Decided here, where a path is first classified, and carried by
    every candidate and unit (:mod:`slens.loaders.units`) to the loader that reads it."""

    #: a template, a Terraform plan or a Serverless Framework service
    FILE = "file"
    #: the .tf files of one folder, read together as one module
    TERRAFORM = "terraform"
    #: a CDK cloud assembly folder, read through its manifest
    CDK = "cdk"
    #: one account and region of a live inventory (:mod:`slens.loaders.live`)
    AWS = "aws"


def _kind(path: str) -> UnitKind:
    return UnitKind.TERRAFORM if path.endswith(".tf") else UnitKind.FILE


@dataclass(frozen=True)
class Candidate:
    path: str
    #: named on the command line (so never skipped for its name)
    explicit: bool
    kind: UnitKind = UnitKind.FILE
    #: the project root its reads are confined to (see :mod:`slens.loaders.files`)
    root: str = ""


@dataclass(frozen=True)
class Outside:
    """A link in the scanned tree that leads out of the project: not followed, not read (a notice)."""

    path: str


@dataclass(frozen=True)
class Unsynthesized:
    """A CDK app (a folder with ``cdk.json``) without the cloud assembly ``cdk synth`` writes: its
    stacks exist only as code, which slens does not run (a notice)."""

    path: str


@dataclass(frozen=True)
class Missing:
    path: str
    message: str


def _is_virtualenv(path: str) -> bool:
    return os.path.isfile(os.path.join(path, "pyvenv.cfg"))


class _Seen(set[object]):
    """Files already yielded, by device and inode: ``./t.yaml``, ``t.yaml`` and links are one file."""

    def first(self, path: str) -> bool:
        try:
            info = os.stat(path)
            key: object = (info.st_dev, info.st_ino)
        except OSError:
            key = os.path.abspath(path)
        if key in self:
            return False
        self.add(key)
        return True


def walk(roots: list[str], excluded_dirs: frozenset[str] = SKIPPED_DIRS,
         ) -> Iterator[Candidate | Missing | Outside | Unsynthesized]:
    """Every file below ``roots`` with a template suffix, in a stable order, each directory and file
    once. A path named here is the user's choice and is followed wherever it leads; below it, a link
    that leaves the project is reported (:class:`Outside`) and not followed."""
    seen_dirs: set[tuple[int, int]] = set()
    seen_files = _Seen()
    for root in roots:
        try:
            info = os.stat(root)
        except OSError as exc:
            yield Missing(root, f"cannot read {root}: {exc.strerror or exc}")
            continue
        confinement = Confinement(project_root(root))
        if not stat.S_ISDIR(info.st_mode):
            if not stat.S_ISREG(info.st_mode):
                yield Missing(root, f"cannot read {root}: not a regular file")
            elif seen_files.first(root):
                yield Candidate(root, explicit=True, kind=_kind(root), root=confinement.root)
            continue
        if is_cloud_assembly(root, confinement):
            yield Candidate(root, explicit=True, kind=UnitKind.CDK, root=confinement.root)
            continue
        yield from _walk_dir(root, seen_dirs, seen_files, excluded_dirs, confinement)


def _walk_dir(root: str, seen_dirs: set[tuple[int, int]], seen_files: _Seen, excluded: frozenset[str],
              confinement: Confinement) -> Iterator[Candidate | Missing | Outside | Unsynthesized]:
    stack = [root]
    while stack:
        directory = stack.pop()
        try:
            info = os.stat(directory)
        except OSError:
            continue
        key = (info.st_dev, info.st_ino)
        if key in seen_dirs:  # a symlink loop, or a second path to a folder already read
            continue
        seen_dirs.add(key)
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError:
            continue
        subdirs: list[str] = []
        cdk_app = synthesized = False
        for entry in entries:
            try:
                is_dir = entry.is_dir()
                leaves = entry.is_symlink() and not confinement.inside(entry.path)
            except OSError:
                continue
            if leaves:
                if is_dir or entry.name.lower().endswith(TEMPLATE_SUFFIXES):
                    yield Outside(entry.path)
            elif is_dir:
                if is_cloud_assembly(entry.path, confinement):  # cdk.out: read through its manifest
                    synthesized = True
                    yield Candidate(entry.path, explicit=False, kind=UnitKind.CDK, root=confinement.root)
                elif (refused := _unreadable_manifest(entry.path, confinement)) is not None:
                    yield refused
                elif entry.name not in excluded and not _is_virtualenv(entry.path):
                    subdirs.append(entry.path)
            elif entry.name == "cdk.json":
                cdk_app = True
            elif entry.name.lower().endswith(TEMPLATE_SUFFIXES) and seen_files.first(entry.path):
                # a FIFO or device is left to load_file, which skips it without opening it
                kind = _kind(entry.path) if entry.is_file() else UnitKind.FILE
                yield Candidate(entry.path, explicit=False, kind=kind, root=confinement.root)
        if cdk_app and not synthesized:
            yield Unsynthesized(directory)
        stack.extend(reversed(subdirs))
