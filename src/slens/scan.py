"""The one entry point that wires loaders, engine and catalogue: ``scan(paths) -> ScanResult``."""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from slens import __version__, result_cache, workers
from slens.clock import today
from slens.engine import ErrorKind, Finding, RuleCatalogue, ScanError, ScanResult, Severity, checked_counts, run_rules
from slens.engine.flow import EventFlow, event_flow
from slens.engine.result import Notice, NoticeKind, SkippedFile
from slens.engine.suppressions import Suppression, apply, make
from slens.loaders import Candidate, Loaded, LoadOptions, Missing, Outside, RawSuppression, Skipped, load_file, walk
from slens.loaders.files import DEFAULT_LIMIT, Confinement, confined, project_root
from slens.loaders.fragments import service_parts
from slens.loaders.text import printable
from slens.model import SourceSpan
from slens.result_cache import result_key

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

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


#: below this many files per worker, starting workers costs more than it saves
PARALLEL_MIN_FILES_PER_JOB = 8


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


def _excluded(path: str, patterns: tuple[str, ...], roots: tuple[str, ...] = ()) -> bool:
    """Whether gitignore-style ``patterns`` match the path as shown, or relative to a scanned directory
    (so that an anchored pattern works whatever the working directory)."""
    spec = _spec(patterns)
    if spec.match_file(display_path(path)):
        return True
    absolute = os.path.abspath(path)
    return any(absolute.startswith(root + os.sep)
               and spec.match_file(os.path.relpath(absolute, root).replace(os.sep, "/")) for root in roots)


def _make(raw: RawSuppression, catalogue: RuleCatalogue, where: SourceSpan) -> Suppression | ScanError:
    return make(raw.ids, raw.reason, raw.expires, catalogue, where, source=raw.source, scope=raw.scope,
                file=where.file, line=raw.line, resource=raw.resource)


def config_suppressions(entries: list[Mapping[str, Any]], catalogue: RuleCatalogue, config_file: str | None,
                        ) -> tuple[list[Suppression], list[ScanError]]:
    found: list[Suppression] = []
    errors: list[ScanError] = []
    for index, entry in enumerate(entries):
        where = SourceSpan(f"{config_file or 'configuration'} suppress[{index}]")
        # written by hand: one string stands for a list of one, and anything else is reported
        names = {"ids": "id" if "id" in entry and "ids" not in entry else "ids", "resources": "resources",
                 "paths": "paths"}
        lists = {key: [value] if isinstance(value, str) else value
                 for key, name in names.items() for value in [entry.get(name, [])]}
        wrong = [f"{names[key]} = {value!r}"[:80] for key, value in lists.items()
                 if not isinstance(value, list) or not all(isinstance(v, str) for v in value)]
        if wrong:
            errors.append(ScanError(where.file, None, ErrorKind.CONFIG, f"{'; '.join(wrong)}: expected a string "
                                    "or a list of strings"))
            continue
        made = make(lists["ids"], entry.get("reason"), entry.get("expires"), catalogue, where,
                    source="configuration", scope="config", resource_globs=tuple(lists["resources"]),
                    path_globs=tuple(lists["paths"]))
        (errors if isinstance(made, ScanError) else found).append(made)  # type: ignore[arg-type]
    return found, errors


@dataclass
class _FileOutcome:
    """What one file contributes; built in a worker process when scanning in parallel."""

    file: str
    skipped: bool = False
    errors: list[ScanError] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    raw_suppressions: list[RawSuppression] = field(default_factory=list)
    #: resources a framework (CDK) made for itself, left out of the review
    framework: list[str] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    skip_reason: str = ""
    #: rule id -> resources it checked in this file
    checked: dict[str, int] = field(default_factory=dict)
    flow: EventFlow | None = None


@dataclass(frozen=True)
class _Unit:
    """What one loader call reads: a file, a Terraform module folder, or a CDK cloud assembly."""

    kind: str
    path: str
    explicit: bool = False
    files: tuple[str, ...] = ()
    #: where the file's review result is cached (computed once, by the parent)
    result_key: str | None = None
    #: the project root every read of this unit is confined to
    root: str = ""


_WORKER: tuple[RuleCatalogue, ScanOptions] | None = None


def _outcome(loaded: Loaded, catalogue: RuleCatalogue) -> _FileOutcome:
    file = loaded.file
    outcome = _FileOutcome(file, raw_suppressions=list(loaded.suppressions), framework=list(loaded.framework),
                           notices=[Notice(n.file or file, n.line, NoticeKind(n.kind), n.message)
                                    for n in loaded.notes])
    outcome.errors.extend(ScanError(p.file or file, p.line, ErrorKind(p.kind), p.message, None, p.resource)
                          for p in loaded.problems)
    if loaded.graph is not None:
        outcome.findings, rule_errors = run_rules(catalogue, loaded.graph, file)
        outcome.errors.extend(rule_errors)
        outcome.checked = checked_counts(catalogue, loaded.graph)
        outcome.flow = event_flow(loaded.graph, file)
    return outcome


def _process(unit: _Unit, catalogue: RuleCatalogue, options: ScanOptions) -> list[_FileOutcome]:
    limit = options.load.max_file_size if options.load is not None else DEFAULT_LIMIT
    try:
        with confined(Confinement(unit.root or project_root(unit.path), limit)):
            return _process_unit(unit, catalogue, options)
    except Exception as exc:  # a loader's bug on one hostile input must not cost the other files
        file = display_path(unit.path)
        return [_FileOutcome(file, errors=[ScanError(file, None, ErrorKind.INTERNAL, "slens could not review "
                                                     f"this input: {type(exc).__name__}: {str(exc)[:300]}")])]


def _process_unit(unit: _Unit, catalogue: RuleCatalogue, options: ScanOptions) -> list[_FileOutcome]:
    if unit.kind == "terraform":
        from slens.loaders.terraform import load_module

        return [_outcome(load_module(list(unit.files), {f: display_path(f) for f in unit.files}), catalogue)]
    if unit.kind == "cdk":
        from slens.loaders.cdk import load_cloud_assembly

        return [_outcome(loaded, catalogue) for loaded in load_cloud_assembly(unit.path, display_path)]
    file = display_path(unit.path)
    loaded = load_file(unit.path, options.load, explicit=unit.explicit, name=file)
    # a file named on the command line is one the user expected reviewed: say why it was not
    outcome = _FileOutcome(file, skipped=True, skip_reason=loaded.reason, notices=[Notice(
        file, None, NoticeKind.NOT_A_TEMPLATE, f"{loaded.reason}, not reviewed")] if unit.explicit else []) \
        if isinstance(loaded, Skipped) else _outcome(loaded, catalogue)
    if unit.result_key is not None and options.load is not None and options.load.cache is not None:
        options.load.cache.put_document(unit.result_key, result_cache.encode(
            outcome.file, outcome.skipped, outcome.errors, outcome.findings, outcome.raw_suppressions,
            outcome.framework, outcome.notices, outcome.skip_reason, outcome.checked, outcome.flow))
    return [outcome]


def _result_key(unit: _Unit, options: ScanOptions) -> str | None:
    if unit.kind != "file" or options.load is None or options.load.cache is None or not options.rules_signature:
        return None
    return result_key(unit.path, display_path(unit.path), options.load, options.rules_signature)


def _stored(unit: _Unit, catalogue: RuleCatalogue, options: ScanOptions) -> _FileOutcome | None:
    """The file's result from the cache, when the same bytes were reviewed by the same rules."""
    key = unit.result_key
    if key is None or options.load is None or options.load.cache is None:
        return None
    document = options.load.cache.get_document(key)
    stored = result_cache.decode(document, catalogue) if document is not None else None
    return _FileOutcome(*stored) if stored is not None else None


def _process_in_worker(units: list[_Unit]) -> list[list[_FileOutcome]]:
    assert _WORKER is not None
    return [_process(unit, *_WORKER) for unit in units]


def _outcomes(units: list[_Unit], catalogue: RuleCatalogue, options: ScanOptions,
              progress: Progress | None = None) -> list[_FileOutcome]:
    """Per-file outcomes in input order: cached results first, the rest from worker processes
    when there are enough of them to pay for the workers."""
    units = [replace(unit, result_key=_result_key(unit, options)) for unit in units]
    results: list[list[_FileOutcome] | None] = []
    for unit in units:
        stored = _stored(unit, catalogue, options)
        results.append([stored] if stored is not None else None)
    pending = [unit for unit, result in zip(units, results, strict=True) if result is None]
    done = len(units) - len(pending)

    def tick(count: int) -> None:
        nonlocal done
        done += count
        if progress is not None:
            progress(done, len(units))

    tick(0)
    jobs = min(options.jobs, len(pending) // PARALLEL_MIN_FILES_PER_JOB)
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        computed: Iterable[list[_FileOutcome]] = _serially(pending, catalogue, options, tick)
    else:
        computed = _in_workers(pending, jobs, catalogue, options, tick)
    fresh = iter(computed)
    return [outcome for result in results for outcome in (result if result is not None else next(fresh))]


def _serially(units: list[_Unit], catalogue: RuleCatalogue, options: ScanOptions,
              tick: Callable[[int], None]) -> Iterator[list[_FileOutcome]]:
    for unit in units:
        outcome = _process(unit, catalogue, options)
        tick(1)
        yield outcome


def _in_workers(units: list[_Unit], jobs: int, catalogue: RuleCatalogue, options: ScanOptions,
                tick: Callable[[int], None]) -> list[list[_FileOutcome]]:
    global _WORKER
    _WORKER = (catalogue, options)  # inherited by the forked workers, never pickled
    if any(unit.kind == "file" for unit in units):
        # set up the SAM transform once, before forking: the workers share it instead of each
        # importing it and validating its policy templates again
        from slens.loaders.sam import prepare_transform

        prepare_transform()
    if options.load is not None and options.load.cache is not None:
        options.load.cache.close()  # each worker opens its own connection; none may inherit one
    # what the workers inherit is never collected in them: nor scanned (which would also copy
    # every page it touches, instead of sharing it with the parent)
    gc.freeze()
    # largest first, in small chunks: the workers finish together instead of one waiting on the
    # other's last big template (results come back in input order)
    order = sorted(range(len(units)), key=lambda i: -_size(units[i]))
    try:
        return workers.run(_process_in_worker, units, order, jobs, max(1, min(4, len(units) // (jobs * 16))), tick)
    finally:
        gc.unfreeze()


def _size(unit: _Unit) -> int:
    try:
        return sum(os.path.getsize(f) for f in unit.files) if unit.files else os.path.getsize(unit.path)
    except OSError:
        return 0


def _units(candidates: list[Candidate]) -> list[_Unit]:
    """Files become units; the .tf files of one folder become one Terraform module."""
    units: list[_Unit] = []
    modules: dict[str, list[str]] = {}
    for candidate in candidates:
        if candidate.kind == "terraform":
            folder = os.path.dirname(candidate.path)
            if folder not in modules:
                modules[folder] = []
                units.append(_Unit("terraform", folder, root=candidate.root))
            modules[folder].append(candidate.path)
        else:
            units.append(_Unit(candidate.kind, candidate.path, candidate.explicit, root=candidate.root))
    if modules:  # a local module is reviewed as part of the configuration that calls it, not twice
        from slens.loaders.terraform import local_module_dirs

        called = local_module_dirs([f for files in modules.values() for f in files])
        units = [u for u in units if u.kind != "terraform" or os.path.normpath(u.path) not in called]
    return [replace(u, files=tuple(sorted(modules[u.path]))) if u.kind == "terraform" else u for u in units]


#: the cyclic collector's thresholds during a scan. Loading and transforming a template makes
#: hundreds of thousands of short-lived containers and few cycles; at the default (700) the
#: collector runs every few hundred of them and costs about a tenth of the scan's time.
GC_THRESHOLDS = (20000, 50, 50)


def scan(paths: Iterable[str], catalogue: RuleCatalogue, options: ScanOptions | None = None,
         progress: Progress | None = None) -> ScanResult:
    """``progress`` is called with (units done, units in all) once they are known and after each
    file, Terraform module or CDK assembly is reviewed; the report does not depend on the order."""
    thresholds = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        return _scan(paths, catalogue, options or ScanOptions(), progress)
    finally:
        gc.set_threshold(*thresholds)


def _scan(paths: Iterable[str], catalogue: RuleCatalogue, options: ScanOptions,
          progress: Progress | None) -> ScanResult:
    if options.load is not None and options.load.cache is not None and not options.rules_signature:
        options = replace(options, rules_signature=result_cache.catalogue_signature(catalogue))
    findings: list[Finding] = []
    errors: list[ScanError] = []
    scanned: list[str] = []
    notices: list[Notice] = []
    skipped: list[SkippedFile] = []
    framework = 0
    checked: Counter[str] = Counter()
    flows: list[EventFlow] = []
    suppressions, config_errors = config_suppressions(options.config_suppressions, catalogue, options.config_file)
    errors.extend(config_errors)
    candidates: list[Candidate] = []
    roots = list(paths) or ["."]
    directories = tuple(os.path.abspath(r) for r in roots if os.path.isdir(r))
    for item in walk(roots):
        if isinstance(item, Missing):
            errors.append(ScanError(display_path(item.path), None, ErrorKind.READ, item.message))
        elif isinstance(item, Outside):
            notices.append(Notice(display_path(item.path), None, NoticeKind.OUTSIDE_PROJECT,
                                  "a link to outside the project: not followed, not reviewed"))
        elif options.exclude and _excluded(item.path, options.exclude, directories):
            skipped.append(SkippedFile(display_path(item.path), "excluded (--exclude)"))
        else:
            candidates.append(item)
    candidates, parts = service_parts(candidates, display_path)
    skipped += [SkippedFile(display_path(path), reason) for path, reason in parts]
    for outcome in _outcomes(_units(candidates), catalogue, options, progress):
        notices.extend(outcome.notices)
        if outcome.skipped:
            skipped.append(SkippedFile(outcome.file, outcome.skip_reason))
            continue
        scanned.append(outcome.file)
        framework += len(outcome.framework)
        errors.extend(outcome.errors)
        findings.extend(outcome.findings)
        checked.update(outcome.checked)
        flows += [outcome.flow] if outcome.flow is not None else []
        for raw in outcome.raw_suppressions:
            made = _make(raw, catalogue, SourceSpan(raw.file or outcome.file, raw.line)) if not raw.problem \
                else ScanError(raw.file or outcome.file, raw.line, ErrorKind.CONFIG, raw.problem)
            (errors if isinstance(made, ScanError) else suppressions).append(made)  # type: ignore[arg-type]
    if options.load is not None and options.load.cache is not None:
        options.load.cache.prune()
    if options.severity:
        findings = [replace(f, severity=options.severity.get(f.rule.id, f.severity)) for f in findings]
    outcome_ = apply(findings, suppressions, catalogue, options.today or today())
    kept = outcome_.kept + outcome_.meta
    hidden = 0
    if options.baseline is not None:
        hidden = sum(1 for f in kept if f.fingerprint in options.baseline)
        kept = [f for f in kept if f.fingerprint not in options.baseline]
    return ScanResult(
        findings=tuple(sorted(kept, key=Finding.sort_key)),
        errors=tuple(sorted(errors, key=ScanError.sort_key)),
        files_scanned=len(scanned),
        files_skipped=len(skipped),
        tool_version=__version__,
        fail_on=options.fail_on,
        rules=tuple(catalogue),
        scanned_files=tuple(scanned),
        suppressed=tuple(sorted(outcome_.suppressed, key=lambda s: s.finding.sort_key())),
        baseline_hidden=hidden,
        framework_skipped=framework,
        notices=tuple(sorted(notices, key=Notice.sort_key)),
        skipped_files=tuple(skipped),
        checked=tuple(sorted(checked.items())),
        flows=tuple(flows),
    )
