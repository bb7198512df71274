"""The one entry point that wires loaders, engine and catalogue: ``scan(paths) -> ScanResult``.

Only wiring: the loaders plan the paths into units (:func:`slens.loaders.units.plan`) and load
each one (:func:`~slens.loaders.units.load_unit`); the engine's pool runs the per-unit review in
order, in worker processes when it pays (:mod:`slens.engine.pool`); the result cache answers for
files reviewed before (:mod:`slens.result_cache`); templates that link to each other are reviewed
again as one application (:mod:`slens.application`); and the engine assembles the result
(:mod:`slens.engine.assemble`). A new kind of input plugs into the loaders, not here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from typing import Any

from slens import result_cache
from slens.application import link
from slens.clock import today
from slens.engine import RuleCatalogue, ScanResult, Severity
from slens.engine import pool as engine_pool
from slens.engine.assemble import Collected, assemble, config_suppressions
from slens.engine.result import SkippedFile
from slens.loaders import LoadOptions
from slens.loaders.paths import display_path
from slens.loaders.units import Unit, before_fork, confinement, load_unit, plan
from slens.outcome import UnitOutcome, collect, error, failed, notice, review

__all__ = ["Progress", "ScanOptions", "config_suppressions", "display_path", "scan"]

#: called in this process as units are reviewed: (units done, units in all)
Progress = Callable[[int, int], None]


@dataclass
class ScanOptions:
    fail_on: Severity | None = Severity.MEDIUM
    load: LoadOptions | None = None
    #: gitignore-style patterns, matched against each path relative to the working directory and
    #: to the scanned directory it was found in
    exclude: tuple[str, ...] = ()
    #: rule id -> severity that replaces the rule's own
    severity: Mapping[str, Severity] = field(default_factory=dict)
    #: ``[[tool.slens.suppress]]`` entries, and the file they were read from
    config_suppressions: list[Mapping[str, Any]] = field(default_factory=list)
    config_file: str | None = None
    #: fingerprints recorded in a baseline: findings with these are hidden
    baseline: frozenset[str] | None = None
    today: date | None = None
    #: worker processes; 1 scans in this process
    jobs: int = 1
    #: identifies the rules that run (set by ``scan``): part of the key of cached per-file results
    rules_signature: str = ""


#: one unit and the key its result is cached under (None: not cached)
_Item = tuple[Unit, str | None]


def _review(item: _Item, catalogue: RuleCatalogue, load: LoadOptions | None) -> list[UnitOutcome]:
    """One unit's outcomes (a CDK assembly has one per stack); runs in a worker when scanning in parallel."""
    unit, key = item
    try:
        with confinement(unit, load):
            outcomes = [review(loaded, catalogue, unit.explicit) for loaded in load_unit(unit, load)]
            if key is not None:
                result_cache.store(key, outcomes[0], load)
            return outcomes
    except Exception as exc:  # a loader's bug on one hostile input must not cost the other files
        return [failed(display_path(unit.path), exc)]


def scan(paths: Iterable[str], catalogue: RuleCatalogue, options: ScanOptions | None = None,
         progress: Progress | None = None) -> ScanResult:
    """``progress`` is called with (units done, units in all) once they are known and after each
    file, Terraform module or CDK assembly is reviewed; the report does not depend on the order."""
    with engine_pool.tuned_collector():
        return _scan(paths, catalogue, options or ScanOptions(), progress)


def _scan(paths: Iterable[str], catalogue: RuleCatalogue, options: ScanOptions,
          progress: Progress | None) -> ScanResult:
    load = options.load
    cache = load.cache if load is not None else None
    if cache is not None and not options.rules_signature:
        options = replace(options, rules_signature=result_cache.catalogue_signature(catalogue))
    collected = Collected()
    collected.suppressions, collected.errors = config_suppressions(options.config_suppressions, catalogue,
                                                                   options.config_file)
    planned = plan(paths, options.exclude)
    collected.errors += [error(p) for p in planned.problems]
    collected.notices += [notice(n) for n in planned.notes]
    collected.skipped += [SkippedFile(s.file, s.reason) for s in planned.skipped]
    items = [(unit, result_cache.key(unit, load, options.rules_signature)) for unit in planned.units]
    known = [[stored] if (stored := result_cache.stored(key, catalogue, load)) is not None else None
             for _, key in items]
    results = engine_pool.run(items, partial(_review, catalogue=catalogue, load=load), known, jobs=options.jobs,
                              size=lambda item: item[0].size(),
                              before_fork=lambda pending: before_fork([unit for unit, _ in pending], load),
                              progress=progress)
    # templates that export, import, share SSM parameters or nest each other: one application
    results, linked = link([unit for unit, _ in items], results, catalogue, load)
    collected.notices += linked
    for outcomes in results:
        collect(outcomes, catalogue, collected)
    if cache is not None:
        cache.prune()
    return assemble(collected, catalogue, options.today or today(), fail_on=options.fail_on,
                    severity=options.severity, baseline=options.baseline)
