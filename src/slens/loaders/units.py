"""The loaders' two entry points: :func:`plan` turns the paths a user named into units of work,
and :func:`load_unit` reads one unit into what the rules review.

A unit is what one loader call reads: a file (a template, a plan, a Serverless Framework service),
the ``.tf`` files of one folder (a Terraform module), or a CDK cloud assembly. The scan only plans,
hands units to the engine's worker pool and loads each there; it never looks at a unit's kind.

The seam for a new kind of input (a live AWS account, say) is here, not in the scan: add a member
to :class:`UnitKind`, an entry to :data:`LOADERS` (how such a unit is read, and what to set up once
before workers fork), and the units to :func:`plan`'s result for the targets that kind claims.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace

from slens.kinds import ErrorKind, NoticeKind
from slens.loaders import LoadOptions, live, load_path
from slens.loaders.discovery import Candidate, Missing, Outside, UnitKind, Unsynthesized, walk
from slens.loaders.files import DEFAULT_LIMIT, Confinement, confined, project_root
from slens.loaders.fragments import service_parts
from slens.loaders.paths import display_path, excluded
from slens.loaders.result import Loaded, Note, Problem, Skipped

__all__ = ["LOADERS", "Plan", "Unit", "UnitKind", "UnitLoader", "before_fork", "confinement", "load_unit", "plan"]


@dataclass(frozen=True)
class Unit:
    kind: UnitKind
    path: str
    #: named on the command line: a file that is not a template is said to be so
    explicit: bool = False
    #: a Terraform module's .tf files
    files: tuple[str, ...] = ()
    #: the project root every read of this unit is confined to
    root: str = ""

    def size(self) -> int:
        """Bytes to read, roughly: the pool hands out the largest units first."""
        if self.kind is UnitKind.AWS:
            return 0
        try:
            return sum(os.path.getsize(f) for f in self.files) if self.files else os.path.getsize(self.path)
        except OSError:
            return 0


@dataclass
class Plan:
    units: list[Unit] = field(default_factory=list)
    #: paths that cannot be read (``file`` is the path as shown)
    problems: list[Problem] = field(default_factory=list)
    #: links out of the project, not followed
    notes: list[Note] = field(default_factory=list)
    #: excluded files, and the pieces of a Serverless Framework service (reviewed with it)
    skipped: list[Skipped] = field(default_factory=list)


def plan(paths: Iterable[str], exclude: tuple[str, ...] = ()) -> Plan:
    """The units below ``paths`` (the working directory when none), in a stable order, and what
    was left out on the way and why."""
    found = Plan()
    roots = list(paths) or ["."]
    for target in [r for r in roots if live.is_target(r)]:
        if live.registered(target):
            found.units.append(Unit(UnitKind.AWS, target, root=os.getcwd()))
        else:
            found.problems.append(Problem(ErrorKind.READ, "no inventory was read for this account and region",
                                          file=target))
    roots = [r for r in roots if not live.is_target(r)]
    if not roots:  # only live targets: the working directory is not scanned as well
        return found
    directories = tuple(os.path.abspath(r) for r in roots if os.path.isdir(r))
    candidates: list[Candidate] = []
    for item in walk(roots):
        if isinstance(item, Missing):
            found.problems.append(Problem(ErrorKind.READ, item.message, file=display_path(item.path)))
        elif isinstance(item, Unsynthesized):
            found.notes.append(Note(NoticeKind.NOT_SYNTHESIZED, "a CDK app (cdk.json) without a cloud assembly: run "
                                    "'cdk synth' first, slens reviews what it writes to cdk.out",
                                    file=display_path(item.path)))
        elif isinstance(item, Outside):
            found.notes.append(Note(NoticeKind.OUTSIDE_PROJECT, "a link to outside the project: not followed, not "
                                    "reviewed", file=display_path(item.path)))
        elif exclude and excluded(item.path, exclude, directories):
            found.skipped.append(Skipped(display_path(item.path), "excluded (--exclude)"))
        else:
            candidates.append(item)
    candidates, parts = service_parts(candidates, display_path)
    found.skipped += [Skipped(display_path(path), reason) for path, reason in parts]
    found.units += _units(candidates)
    return found


def _units(candidates: list[Candidate]) -> list[Unit]:
    """Files become units; the .tf files of one folder become one Terraform module."""
    units: list[Unit] = []
    modules: dict[str, list[str]] = {}
    for candidate in candidates:
        if candidate.kind is UnitKind.TERRAFORM:
            folder = os.path.dirname(candidate.path)
            if folder not in modules:
                modules[folder] = []
                units.append(Unit(UnitKind.TERRAFORM, folder, root=candidate.root))
            modules[folder].append(candidate.path)
        else:
            units.append(Unit(candidate.kind, candidate.path, candidate.explicit, root=candidate.root))
    if modules:  # a local module is reviewed as part of the configuration that calls it, not twice
        from slens.loaders.terraform import local_module_dirs

        called = local_module_dirs([f for files in modules.values() for f in files])
        units = [u for u in units if u.kind is not UnitKind.TERRAFORM or os.path.normpath(u.path) not in called]
    return [replace(u, files=tuple(sorted(modules[u.path]))) if u.kind is UnitKind.TERRAFORM else u for u in units]


def _file(unit: Unit, options: LoadOptions | None) -> list[Loaded | Skipped]:
    name = display_path(unit.path)
    # a snapshot named on the command line loads one graph per account and region
    found = load_path(unit.path, options, explicit=unit.explicit, name=name)
    return [replace(loaded, file=name) if isinstance(loaded, Skipped) else _cdk_alone(loaded) for loaded in found]


def _cdk_alone(loaded: Loaded) -> Loaded:
    """A template ``cdk synth`` printed, scanned on its own, is CDK output all the same."""
    if loaded.graph is None or not any("aws:cdk:path" in r.metadata for r in loaded.graph.resources.values()):
        return loaded
    from slens.loaders.cdk import synthesized_alone

    return synthesized_alone(loaded)


def _terraform(unit: Unit, options: LoadOptions | None) -> list[Loaded | Skipped]:
    from slens.loaders.terraform import load_module

    return [load_module(list(unit.files), {f: display_path(f) for f in unit.files})]


def _cdk(unit: Unit, options: LoadOptions | None) -> list[Loaded | Skipped]:
    from slens.loaders.cdk import load_cloud_assembly

    return list(load_cloud_assembly(unit.path, display_path))


def _live(unit: Unit, options: LoadOptions | None) -> list[Loaded | Skipped]:
    return live.load(unit.path)


def _prepare_transform() -> None:
    # the workers share the SAM transform set up here instead of each importing it and validating
    # its policy templates again
    from slens.loaders.sam import prepare_transform

    prepare_transform()


@dataclass(frozen=True)
class UnitLoader:
    #: one unit's loaded results (several for a CDK assembly), files named as reports show them
    load: Callable[[Unit, LoadOptions | None], list[Loaded | Skipped]]
    #: set up once, in the parent, before worker processes fork: state they then all share
    prepare: Callable[[], None] | None = None


LOADERS: dict[UnitKind, UnitLoader] = {
    UnitKind.FILE: UnitLoader(_file, _prepare_transform),
    UnitKind.TERRAFORM: UnitLoader(_terraform),
    UnitKind.CDK: UnitLoader(_cdk),
    UnitKind.AWS: UnitLoader(_live),
}


def load_unit(unit: Unit, options: LoadOptions | None) -> list[Loaded | Skipped]:
    """Call it inside :func:`confinement`, which keeps every read below the unit's project root."""
    return LOADERS[unit.kind].load(unit, options)


def confinement(unit: Unit, options: LoadOptions | None) -> AbstractContextManager[Confinement]:
    limit = options.max_file_size if options is not None else DEFAULT_LIMIT
    return confined(Confinement(unit.root or project_root(unit.path), limit))


def before_fork(units: Sequence[Unit], options: LoadOptions | None) -> None:
    """What the parent does once before forking workers to load ``units``."""
    for kind in dict.fromkeys(unit.kind for unit in units):
        prepare = LOADERS[kind].prepare
        if prepare is not None:
            prepare()
    if options is not None and options.cache is not None:
        options.cache.close()  # each worker opens its own connection; none may inherit one
