"""Loaders: the only code that knows file formats and template syntax.

``load_file`` reads one file and returns its graph or the problems that kept it from one.
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass
from typing import Any

from slens.kinds import ErrorKind, NoticeKind
from slens.loaders.annotations import RawSuppression, inline_suppressions
from slens.loaders.cache import Cache, cache_key
from slens.loaders.cloudformation import build
from slens.loaders.discovery import Candidate, Missing, Outside, walk
from slens.loaders.files import Refusal, Refused, active
from slens.loaders.fragments import includes_digest
from slens.loaders.result import LIVE_DIALECT, Loaded, Note, Problem, Skipped
from slens.loaders.stats import STATS
from slens.loaders.text import json_int, printable_tree
from slens.loaders.yamlparse import YamlError, parse_yaml

DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024
_MARKERS = (b"Resources", b"AWSTemplateFormatVersion", b"Transform", b'"planned_values"', b'"format_version"')


@dataclass
class LoadOptions:
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    max_depth: int = 256
    max_nodes: int = 2_000_000
    cache: Cache | None = None

    def signature(self) -> str:
        return f"{self.max_file_size}:{self.max_depth}:{self.max_nodes}"


#: why a file whose content was read is not reviewed (a file named on the command line gets a notice saying so)
NOT_A_TEMPLATE = ("not a template (no Resources of AWS:: types, no AWSTemplateFormatVersion or Transform; not a "
                  "Serverless Framework service or a Terraform plan)")


def _serverless_name(path: str) -> bool:
    return os.path.basename(path).lower() in ("serverless.yml", "serverless.yaml")


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    return data.decode("utf-8")


def _looks_like_template(document: Any) -> bool:
    if not isinstance(document, dict):
        return False
    if "AWSTemplateFormatVersion" in document:
        return True
    transform = document.get("Transform")
    names = transform if isinstance(transform, list) else [transform]
    if any(isinstance(n, str) and n.startswith("AWS::Serverless") for n in names):
        return True
    resources = document.get("Resources")
    if transform and isinstance(resources, dict):
        return True  # a macro's input: its types may all be the macro's own
    return isinstance(resources, dict) and any(
        isinstance(body, dict) and str(body.get("Type", "")).startswith(("AWS::", "Custom::"))
        for body in resources.values())


def _line_of_offset(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def load_file(path: str, options: LoadOptions | None = None, explicit: bool = False,
              name: str | None = None) -> Loaded | Skipped:
    """One file's graph, or its problems; ``name`` is how spans and errors name the file. A snapshot
    of several accounts or regions gives the first here, with a problem saying so: :func:`load_path`
    gives them all."""
    found = load_path(path, options, explicit, name)
    first = found[0]
    if len(found) > 1 and isinstance(first, Loaded):
        first.problems.append(Problem(ErrorKind.READ, f"the snapshot has {len(found)} accounts and regions; only "
                                      "the first is loaded here (a scan reviews them all)"))
    return first


def load_path(path: str, options: LoadOptions | None = None, explicit: bool = False,
              name: str | None = None) -> list[Loaded | Skipped]:
    """What one file holds: its graph or its problems, or one graph per account and region of a
    snapshot (:func:`load_snapshot`)."""
    options = options or LoadOptions()
    loaded = _load(path, options, explicit, name or path)
    if isinstance(loaded, list):
        return list(loaded)
    if isinstance(loaded, Loaded):
        loaded.file = name or path
    return [loaded]


#: why a snapshot met while walking a folder is not reviewed: a ``--snapshot`` file written into the
#: project would otherwise be reviewed again, next to the account it was read from, on every later scan
SNAPSHOT_NOT_NAMED = "an slens snapshot: name it on the command line (or --snapshot-in) to review it"


def load_snapshot(document: dict[str, Any], name: str) -> list[Loaded]:
    """The graph of each account and region of a snapshot's document (docs/inventory.md), as a
    live scan maps them; each is named ``name`` when there is one, else ``name#ACCOUNT/REGION``."""
    from slens.loaders.aws.mapping import map_partition
    from slens.loaders.aws.snapshot import VERSION

    def failed(message: str) -> list[Loaded]:
        return [Loaded(name, None, [Problem(ErrorKind.PARSE, message)], LIVE_DIALECT)]

    if document.get("slens_inventory") != VERSION:
        return failed(f"snapshot version {document.get('slens_inventory')!r}; this slens reads version {VERSION}")
    partitions = document.get("partitions")
    if not isinstance(partitions, list) or not partitions:
        return failed("a snapshot needs \"partitions\": a non-empty list of {account, region, services, errors}")
    many = len(partitions) > 1
    return [map_partition(partition, f"{name}#{partition.get('account')}/{partition.get('region')}"
                          if many and isinstance(partition, dict) else name) for partition in partitions]


def _looks_like_serverless(document: Any) -> bool:
    """A Serverless Framework service: ``service`` and an AWS ``provider``."""
    if not isinstance(document, dict) or "service" not in document:
        return False
    provider = document.get("provider")
    return isinstance(provider, dict) and provider.get("name") == "aws"


def _load(path: str, options: LoadOptions, explicit: bool, name: str) -> Loaded | Skipped | list[Loaded]:
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            return Skipped(path, "not a regular file")
        if path.endswith(".tf"):
            from slens.loaders.terraform import load_module

            return load_module([path], {path: name})
        with active(path).open(path, name) as (handle, size):
            head = handle.read(65536)
            probe = head.decode("utf-16", "ignore").encode() if head.startswith((b"\xff\xfe", b"\xfe\xff")) \
                else head
            if not explicit and not any(m in probe for m in _MARKERS) and not _serverless_name(path):
                return Skipped(path)
            if size > options.max_file_size:
                return Loaded(path, None, [Problem(ErrorKind.READ, f"file is {size / 1048576:.1f} MB, over the "
                                                   f"{options.max_file_size / 1048576:.1f} MB limit "
                                                   "(--max-file-size)")])
            # bounded even if the file grows after fstat: one byte past the limit is enough to tell. In
            # pieces: a read of n bytes first allocates n, and the limit may be a gigabyte
            pieces, total = [head], len(head)
            while total <= options.max_file_size and (piece := handle.read(
                    min(1 << 20, options.max_file_size + 1 - total))):
                pieces.append(piece)
                total += len(piece)
            data = b"".join(pieces)
            if len(data) > options.max_file_size:
                return Loaded(path, None, [Problem(ErrorKind.READ, "file grew past the limit while being read "
                                                   "(--max-file-size)")])
    except Refused as exc:
        if exc.reason is Refusal.OUTSIDE:
            return Loaded(path, None, notes=[Note(NoticeKind.OUTSIDE_PROJECT, exc.message)])
        return Loaded(path, None, [Problem(ErrorKind.READ, exc.message)])
    except OSError as exc:
        return Loaded(path, None, [Problem(ErrorKind.READ, f"cannot read file: {exc.strerror or exc}")])
    # a service's ${file()} pieces are part of what is loaded: a changed piece is a changed service
    key = cache_key(data, name, options.signature() + includes_digest(path, data)) if options.cache is not None else ""
    if options.cache is not None:
        cached = options.cache.get(key)
        if cached is not None:
            return cached
    result = _parse(path, data, options, explicit, name)
    if options.cache is not None and isinstance(result, Loaded):
        options.cache.put(key, result)
    return result


def _parse(path: str, data: bytes, options: LoadOptions, explicit: bool,
           name: str) -> Loaded | Skipped | list[Loaded]:
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Loaded(path, None, [Problem(ErrorKind.READ, "binary file (contains NUL bytes)")]) if explicit \
            or any(m in data for m in _MARKERS) else Skipped(path, "binary")
    try:
        text = _decode(data)
    except UnicodeDecodeError as exc:
        return Loaded(path, None, [Problem(ErrorKind.READ, f"invalid UTF-8 at byte {exc.start}: {exc.reason}",
                                           _line_of_offset(data, exc.start))])
    is_json = path.lower().endswith(".json")
    if is_json:
        # JSON is checked as JSON (YAML would accept trailing commas), then read again for positions
        try:
            json_document = json.loads(text, parse_int=json_int)
        except json.JSONDecodeError as exc:
            return Loaded(path, None, [Problem(ErrorKind.PARSE, f"invalid JSON: {exc.msg}", exc.lineno)])
        except RecursionError:
            return Loaded(path, None, [Problem(ErrorKind.PARSE, "invalid JSON: nesting deeper than "
                                               f"{options.max_depth} levels")])
        if isinstance(json_document, dict) and "slens_inventory" in json_document:
            # before the YAML pass: a snapshot has no lines to point at, and it may be large
            return load_snapshot(json_document, name) if explicit else Skipped(path, SNAPSHOT_NOT_NAMED)
    STATS["parse"] += 1
    try:
        document, warnings = parse_yaml(text, options.max_depth, options.max_nodes)
    except YamlError as exc:
        if not is_json:
            return Loaded(path, None, [Problem(ErrorKind.PARSE, f"invalid YAML: {exc.message}", exc.line)])
        if "nesting deeper" in exc.message or "expansion" in exc.message:
            return Loaded(path, None, [Problem(ErrorKind.PARSE, f"invalid JSON: {exc.message}", exc.line)])
        # valid JSON that libyaml cannot read: no positions (nor lone surrogates, which no report can write)
        document, warnings = printable_tree(json_document), []
    if is_json and isinstance(document, dict) and "format_version" in document and (
            "planned_values" in document or "values" in document):
        from slens.loaders.terraform import load_plan

        return load_plan(document, path, name)
    if _looks_like_serverless(document) or (_serverless_name(path) and isinstance(document, dict)
                                            and "service" in document):
        from slens.loaders.serverless import load_serverless

        return load_serverless(document, path, name, warnings)
    if not _looks_like_template(document):
        return Skipped(path, NOT_A_TEMPLATE)
    loaded = build(document, name)
    if not is_json:
        loaded.suppressions.extend(inline_suppressions(text))
    loaded.problems[:0] = [Problem(ErrorKind.PARSE, message, line) for line, message in warnings]
    return loaded


__all__ = ["NOT_A_TEMPLATE", "STATS", "Cache", "Candidate", "LoadOptions", "Loaded", "Missing", "Note", "Outside",
           "Problem", "RawSuppression", "Skipped", "load_file", "load_path", "load_snapshot", "walk"]
