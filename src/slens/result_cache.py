"""Per-file review results in the content-addressed cache, for warm runs.

A file's result (its findings, errors, suppressions, the resources each rule checked) depends
on its bytes, the name it is shown under, the loader limits and the exact rules that ran: their
ids, options and source code. All of it goes into the key, so a changed rule, option or slens version never reuses
an old result; the loaded-template cache below it still spares the parse and the transform.
"""

from __future__ import annotations

import hashlib
import inspect
import os
import stat
import sys
from typing import Any

from slens import __version__
from slens.engine import ErrorKind, Finding, Notice, NoticeKind, RuleCatalogue, ScanError, Severity
from slens.engine.flow import EventFlow
from slens.engine.join import UnitIndex
from slens.engine.rule import Deployed
from slens.loaders import STATS, LoadOptions, RawSuppression
from slens.loaders.cache import cache_key
from slens.loaders.fragments import includes_digest
from slens.loaders.paths import display_path
from slens.loaders.units import Unit, UnitKind
from slens.model import SourceSpan
from slens.model.stacks import StackLinks
from slens.outcome import UnitOutcome

FORMAT = 7


def catalogue_signature(catalogue: RuleCatalogue) -> str:
    digest = hashlib.sha256(f"slens={__version__};results={FORMAT}".encode())
    sources: set[str] = set()
    for rule in catalogue:
        digest.update(repr((rule.id, rule.module, sorted(rule._settings.items(), key=str))).encode())
        module = sys.modules.get(rule.module)
        path = inspect.getsourcefile(module) if module is not None else None
        if path:
            sources.add(path)
    for path in sorted(sources):
        try:
            with open(path, "rb") as handle:
                digest.update(handle.read())
        except OSError:
            digest.update(path.encode())
    return digest.hexdigest()


def key(unit: Unit, load: LoadOptions | None, signature: str) -> str | None:
    """Where the unit's result is cached: only a single file's result is (a Terraform module or a
    CDK assembly reads many files), and only when a cache is in use."""
    if unit.kind is not UnitKind.FILE or load is None or load.cache is None or not signature:
        return None
    return result_key(unit.path, display_path(unit.path), load, signature)


def stored(key: str | None, catalogue: RuleCatalogue, load: LoadOptions | None) -> UnitOutcome | None:
    """The file's result from the cache, when the same bytes were reviewed by the same rules."""
    if key is None or load is None or load.cache is None:
        return None
    document = load.cache.get_document(key)
    return decode(document, catalogue) if document is not None else None


def store(key: str | None, outcome: UnitOutcome, load: LoadOptions | None) -> None:
    if key is not None and load is not None and load.cache is not None:
        load.cache.put_document(key, encode(outcome))


def result_key(path: str, name: str, load: LoadOptions, signature: str) -> str | None:
    """The key of this file's result, or None when the file cannot be read within the limits."""
    try:
        info = os.stat(path)
        # never open a FIFO or a device: reading one blocks or never ends
        if not stat.S_ISREG(info.st_mode) or info.st_size > load.max_file_size:
            return None
        with open(path, "rb") as handle:
            data = handle.read(min(load.max_file_size, info.st_size) + 1)  # never a buffer of the limit
    except OSError:
        return None
    # a service's ${file()} pieces are part of its review: a changed piece is a changed service
    return cache_key(data, name, f"{load.signature()};rules={signature};includes={includes_digest(path, data)}")


def _span(span: SourceSpan) -> list[Any]:
    return [span.file, span.line, span.column]


def _live(live: Deployed | None) -> list[str | None] | None:
    return None if live is None else [live.arn, live.account, live.region, live.stack, live.logical_id]


def encode(outcome: UnitOutcome) -> dict[str, Any]:
    flow, index = outcome.flow, outcome.index
    return {
        "checked": outcome.checked, "flow": flow.encode() if flow is not None else None,
        "index": index.encode() if index is not None else None,
        "links": outcome.links.encode() if outcome.links is not None else None,
        "format": FORMAT, "file": outcome.file, "skipped": outcome.skipped, "framework": outcome.framework,
        "skip_reason": outcome.skip_reason,
        "notices": [[n.file, n.line, n.kind.value, n.message] for n in outcome.notices],
        "errors": [[e.file, e.line, e.kind.value, e.message, e.rule_id, e.resource] for e in outcome.errors],
        "findings": [[f.rule.id, f.severity.value, f.resource, f.resource_type, f.generated_resource,
                      _span(f.span), list(f.path), f.message, f.label, f.resource_line, _live(f.live), f.count,
                      f.dialect, f.user_path, f.written_by, f.fails, f.resource_file]
                     for f in outcome.findings],
        "suppressions": [[s.scope, list(s.ids), s.reason, s.expires, s.line, s.source, s.resource, s.problem,
                          s.file] for s in outcome.raw_suppressions],
    }


def decode(document: Any, catalogue: RuleCatalogue) -> UnitOutcome | None:
    """The stored result, or None when it does not fit this catalogue or is malformed."""
    try:
        if document["format"] != FORMAT:
            return None
        findings: list[Finding] = []
        for rule_id, severity, resource, type_, generated, span, path, message, label, line, live, count, \
                dialect, said, written, fails, resource_file in document["findings"]:
            rule = catalogue.get(rule_id)
            if rule is None:
                return None
            findings.append(Finding(rule, Severity(severity), resource, type_, generated, SourceSpan(*span),
                                    tuple(path), message, label, line, Deployed(*live) if live else None,
                                    int(count), str(dialect), said, written_by=written, fails=bool(fails),
                                    resource_file=resource_file))
        errors = [ScanError(f, line, ErrorKind(kind), message, rule_id, resource)
                  for f, line, kind, message, rule_id, resource in document["errors"]]
        suppressions = [RawSuppression(s[0], tuple(s[1]), *s[2:]) for s in document["suppressions"]]
        notices = [Notice(f, line, NoticeKind(kind), message) for f, line, kind, message in document["notices"]]
        links = StackLinks.decode(document["links"]) if document["links"] is not None else None
        STATS["result_hit"] += 1
        return UnitOutcome(document["file"], bool(document["skipped"]), errors, findings, suppressions,
                           list(document["framework"]), notices, str(document["skip_reason"]),
                           {str(k): int(v) for k, v in document["checked"].items()},
                           EventFlow.decode(document["flow"]) if document["flow"] is not None else None,
                           UnitIndex.decode(document["index"]) if document["index"] is not None else None,
                           links)
    except (KeyError, TypeError, ValueError, IndexError, AttributeError):
        STATS["cache_corrupt"] += 1
        return None
