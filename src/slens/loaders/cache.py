"""A content-addressed cache of loaded (and SAM-transformed) templates.

Entries are keyed by the file's bytes, the name it is shown under, the slens version and the
SAM transform's version. They are plain JSON behind a SHA-256 of their text: an entry that
does not check out (truncated, corrupted, from another version) is ignored and rebuilt,
never trusted. Writes go to a temporary file and are renamed into place, so concurrent runs
never see half an entry.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from slens.loaders.annotations import RawSuppression
from slens.loaders.cloudformation import Loaded, Problem
from slens.loaders.stats import STATS
from slens.model import Composite, Graph, Origin, Ref, Resource, SourceSpan, Unknown, Value

FORMAT = 1
_TAG = "__slens__"


def default_directory() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "slens"


@cache
def _versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    from slens import __version__

    try:
        transform = version("aws-sam-translator")
    except PackageNotFoundError:
        transform = "none"
    return f"slens={__version__};sam={transform};format={FORMAT}"


def cache_key(data: bytes, name: str, options: str) -> str:
    digest = hashlib.sha256()
    for part in (_versions().encode(), options.encode(), name.encode(), data):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


class Cache:
    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or default_directory()

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get_document(self, key: str) -> Any | None:
        """The JSON document stored under ``key``, or None when absent or not intact."""
        try:
            raw = self._path(key).read_bytes()
        except OSError:
            STATS["cache_miss"] += 1
            return None
        digest, _, payload = raw.partition(b"\n")
        try:
            if hashlib.sha256(payload).hexdigest().encode() != digest:
                raise ValueError("digest mismatch")
            return json.loads(payload)
        except (ValueError, RecursionError):
            STATS["cache_corrupt"] += 1
            return None

    def put_document(self, key: str, document: Any) -> None:
        payload = json.dumps(document, separators=(",", ":")).encode()
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(handle, "wb") as out:
                out.write(hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
            os.replace(temporary, path)
        except OSError:
            pass  # a read-only or full disk costs speed, never the scan

    def get(self, key: str) -> Loaded | None:
        document = self.get_document(key)
        if document is None:
            return None
        try:
            loaded = decode(document)
        except (ValueError, KeyError, TypeError, IndexError, AttributeError, RecursionError):
            STATS["cache_corrupt"] += 1
            return None
        STATS["cache_hit"] += 1
        return loaded

    def put(self, key: str, loaded: Loaded) -> None:
        self.put_document(key, encode(loaded))


# -- encoding ------------------------------------------------------------------------------

def _value(value: Value) -> Any:
    if isinstance(value, dict):
        return {k: _value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_value(v) for v in value]
    if isinstance(value, Ref):
        return {_TAG: "ref", "t": value.target, "a": value.attribute}
    if isinstance(value, Unknown):
        return {_TAG: "unknown", "r": value.reason, "refs": [[r.target, r.attribute] for r in value.refs]}
    if isinstance(value, Composite):
        return {_TAG: "composite", "p": [_value(p) for p in value.parts]}
    return value


def _unvalue(value: Any) -> Value:
    if isinstance(value, dict):
        tag = value.get(_TAG)
        if tag == "ref":
            return Ref(value["t"], value["a"])
        if tag == "unknown":
            return Unknown(value["r"], tuple(Ref(t, a) for t, a in value["refs"]))
        if tag == "composite":
            return Composite(tuple(_unvalue(p) for p in value["p"]))  # type: ignore[misc]
        return {k: _unvalue(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_unvalue(v) for v in value]
    return value  # type: ignore[no-any-return]


def _span(span: SourceSpan, file: str) -> list[Any]:
    return [span.line, span.column] if span.file == file else [span.line, span.column, span.file]


def _unspan(data: list[Any], file: str) -> SourceSpan:
    return SourceSpan(data[2] if len(data) > 2 else file, data[0], data[1])


def _resource(res: Resource, file: str) -> dict[str, Any]:
    origin = res.origin
    return {"id": res.logical_id, "type": res.type, "props": _value(dict(res.properties)),
            "span": _span(res.span, file), "origin": [origin.logical_id, origin.type, _span(origin.span, file),
                                                      origin.label],
            "spans": [[list(p), _span(s, file)] for p, s in res.spans.items()],
            "meta": _value(dict(res.metadata)), "cond": res.condition}


def encode(loaded: Loaded) -> dict[str, Any]:
    file = loaded.file
    graph = loaded.graph
    return {
        "format": FORMAT, "file": file, "dialect": loaded.dialect, "local": loaded.local_paths,
        "problems": [[p.kind, p.message, p.line, p.resource] for p in loaded.problems],
        "suppressions": [[s.scope, list(s.ids), s.reason, s.expires, s.line, s.source, s.resource, s.problem]
                         for s in loaded.suppressions],
        "graph": None if graph is None else {
            "parameters": _value(dict(graph.parameters)),
            "resources": [_resource(r, file) for r in graph.resources.values()]},
    }


def decode(data: dict[str, Any]) -> Loaded:
    if data["format"] != FORMAT:
        raise ValueError("old format")
    file = data["file"]
    graph = None
    if data["graph"] is not None:
        resources = {}
        for r in data["graph"]["resources"]:
            o = r["origin"]
            resources[r["id"]] = Resource(
                r["id"], r["type"], _unvalue(r["props"]), _unspan(r["span"], file),  # type: ignore[arg-type]
                Origin(o[0], o[1], _unspan(o[2], file), o[3]),
                {tuple(p): _unspan(s, file) for p, s in r["spans"]}, _unvalue(r["meta"]),  # type: ignore[arg-type]
                r["cond"])
        graph = Graph(resources, _unvalue(data["graph"]["parameters"]))  # type: ignore[arg-type]
    return Loaded(file, graph, [Problem(*p) for p in data["problems"]], data["dialect"], dict(data["local"]),
                  [RawSuppression(s[0], tuple(s[1]), *s[2:]) for s in data["suppressions"]])
