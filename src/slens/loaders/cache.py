"""A content-addressed cache of loaded (and SAM-transformed) templates.

Entries are keyed by the file's bytes, the name it is shown under, the slens version and the
SAM transform's version. They are plain JSON behind a SHA-256 of their text: an entry that
does not check out (truncated, corrupted, from another version) is ignored and rebuilt,
never trusted.

All entries live in one SQLite database (``cache.sqlite3``) rather than one file each: on the
file systems slens runs on, creating a file costs about a millisecond, two per template, which
was a sixth of a cold scan. SQLite also gives what concurrent runs need: a write is one
transaction (no reader sees half an entry), writers wait for each other (``busy_timeout``),
and readers never wait (WAL). The cache only ever costs speed: a locked, read-only, full or
corrupted database makes entries misses (a corrupted one is set aside and started again).
Entries written more than ``MAX_AGE_DAYS`` ago are removed, so the database keeps what is in
use rather than every version of every file ever scanned.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from functools import cache
from pathlib import Path
from typing import Any

from slens.kinds import ErrorKind, NoticeKind
from slens.loaders.annotations import RawSuppression
from slens.loaders.result import Loaded, Note, Problem
from slens.loaders.stats import STATS
from slens.model import Composite, Graph, Origin, Ref, Resource, SourceSpan, Unknown, Value
from slens.model.values import Imported

FORMAT = 3
_TAG = "__slens__"
DATABASE = "cache.sqlite3"
#: how long a write waits for another run's write before giving up (the entry is then not stored)
_BUSY_MS = 2000


#: the database's layout (``PRAGMA user_version``): a database of another layout is emptied
_SCHEMA = 2
#: entries not written for this many days are removed (a file unchanged that long is reviewed
#: again once): checked at most once a day, so the database holds what is in use
MAX_AGE_DAYS = 30


def _today() -> int:
    return int(time.time() // 86400)


def _create(connection: sqlite3.Connection) -> None:
    connection.execute("BEGIN IMMEDIATE")  # two first runs at once: one creates, the other waits
    try:
        if connection.execute("PRAGMA user_version").fetchone()[0] != _SCHEMA:
            for table in ("entries", "seen", "meta"):
                connection.execute(f"DROP TABLE IF EXISTS {table}")
            connection.execute("CREATE TABLE entries (key TEXT PRIMARY KEY, entry BLOB NOT NULL, "
                               "written INTEGER NOT NULL)")
            connection.execute("CREATE TABLE seen (key TEXT PRIMARY KEY, written INTEGER NOT NULL)")
            connection.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL)")
            connection.execute(f"PRAGMA user_version = {_SCHEMA}")
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


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
        self._connection: sqlite3.Connection | None = None
        #: the process that opened the connection: a forked worker must open its own
        self._pid = 0
        self._broken = False
        self._restarted = False

    @property
    def path(self) -> Path:
        return self.directory / DATABASE

    def _open(self) -> sqlite3.Connection | None:
        if self._connection is not None and self._pid == os.getpid():
            return self._connection
        self._connection = None  # a parent's connection is never used (nor closed) after fork
        if self._broken:
            return None
        connection: sqlite3.Connection | None = None
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=_BUSY_MS / 1000, isolation_level=None)
            connection.execute("PRAGMA journal_mode=WAL")
            # a cache: losing the last writes to a power cut costs a rebuild, never a wrong result
            connection.execute("PRAGMA synchronous=OFF")
            if connection.execute("PRAGMA user_version").fetchone()[0] != _SCHEMA:
                _create(connection)
        except (sqlite3.Error, OSError) as exc:
            if connection is not None:
                connection.close()
            if isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError):
                return self._start_again()  # not a database: corrupted, truncated, something else
            self._give_up()  # locked, read-only, no space: no cache for this run
            return None
        self._connection, self._pid = connection, os.getpid()
        return connection

    def _give_up(self) -> None:
        """No cache for the rest of this process's run (counted, so tests can see it happened once)."""
        self.close()
        self._broken = True
        STATS["cache_unavailable"] += 1

    def _start_again(self) -> sqlite3.Connection | None:
        """Set a corrupted database aside and open a new one (once per run)."""
        STATS["cache_corrupt"] += 1
        self.close()
        self._broken = True
        if self._restarted:
            return None
        self._restarted = True
        try:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        except OSError:
            return None
        self._broken = False
        return self._open()

    def _execute(self, sql: str, parameters: tuple[Any, ...]) -> sqlite3.Cursor | None:
        """The executed statement, or None when the cache cannot answer."""
        for _ in range(2):
            connection = self._open()
            if connection is None:
                return None
            try:
                return connection.execute(sql, parameters)
            except sqlite3.OperationalError:
                # locked past the timeout (another run holds it), read-only, full: no more cache in
                # this process, rather than waiting out the timeout for every file
                self._give_up()
                return None
            except sqlite3.DatabaseError:  # corrupted under us
                if self._start_again() is None:
                    return None
        return None

    def _row(self, sql: str, parameters: tuple[Any, ...]) -> Any:
        """The statement's first row (None when there is none or the cache cannot answer)."""
        cursor = self._execute(sql, parameters)
        return cursor.fetchone() if cursor is not None else None

    def close(self) -> None:
        """Close this process's connection (before forking workers, which open their own)."""
        if self._connection is not None and self._pid == os.getpid():
            self._connection.close()
        self._connection = None

    def get_document(self, key: str) -> Any | None:
        """The JSON document stored under ``key``, or None when absent or not intact."""
        row = self._row("SELECT entry FROM entries WHERE key = ?", (key,))
        if row is None:
            STATS["cache_miss"] += 1
            return None
        digest, _, payload = bytes(row[0]).partition(b"\n")
        try:
            if hashlib.sha256(payload).hexdigest().encode() != digest:
                raise ValueError("digest mismatch")
            return json.loads(payload)
        except (ValueError, RecursionError):
            STATS["cache_corrupt"] += 1
            return None

    def put_document(self, key: str, document: Any) -> None:
        payload = json.dumps(document, separators=(",", ":")).encode()
        self._execute("INSERT OR REPLACE INTO entries (key, entry, written) VALUES (?, ?, ?)",
                      (key, hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload, _today()))

    def prune(self) -> None:
        """Remove entries older than ``MAX_AGE_DAYS`` (once a day; the scan calls this at its end)."""
        today = _today()
        last = self._row("SELECT value FROM meta WHERE name = 'pruned'", ())
        if last is not None and last[0] >= today:
            return
        self._execute("DELETE FROM entries WHERE written < ?", (today - MAX_AGE_DAYS,))
        self._execute("DELETE FROM seen WHERE written < ?", (today - MAX_AGE_DAYS,))
        self._execute("INSERT OR REPLACE INTO meta (name, value) VALUES ('pruned', ?)", (today,))

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
        """Store a loaded template, from the second time its bytes are loaded.

        A loaded template is only read back when the same bytes are reviewed by other rules (a
        new selection or options): the same rules find the file's review in the result cache,
        and an edited file has new bytes. So the first load only marks the bytes as seen, and
        the entry (a sixth of a cold scan's time, when written for every file) is stored when
        they are loaded again.
        """
        if self._mark_seen(key):
            self.put_document(key, encode(loaded))

    def _mark_seen(self, key: str) -> bool:
        """Mark the bytes under ``key`` as loaded; True when they had been loaded before."""
        cursor = self._execute("INSERT OR IGNORE INTO seen (key, written) VALUES (?, ?)", (key, _today()))
        return cursor is not None and cursor.rowcount == 0


# -- encoding ------------------------------------------------------------------------------

def _value(value: Value) -> Any:
    if isinstance(value, dict):
        return {k: _value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_value(v) for v in value]
    if isinstance(value, Ref):
        return {_TAG: "ref", "t": value.target, "a": value.attribute}
    if isinstance(value, Imported):
        return {_TAG: "import", "n": value.name}
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
        if tag == "import":
            return Imported("Fn::ImportValue", name=value["n"])
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
        "problems": [[p.kind.value, p.message, p.line, p.resource, p.file] for p in loaded.problems],
        "notes": [[n.kind.value, n.message, n.line, n.file] for n in loaded.notes],
        "suppressions": [[s.scope, list(s.ids), s.reason, s.expires, s.line, s.source, s.resource, s.problem,
                          s.file] for s in loaded.suppressions],
        "graph": None if graph is None else {
            "parameters": _value(dict(graph.parameters)),
            "resources": [_resource(r, file) for r in graph.resources.values()]},
        "exports": _value(dict(loaded.exports)),
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
    return Loaded(file, graph, [Problem(ErrorKind(p[0]), *p[1:]) for p in data["problems"]], data["dialect"],
                  dict(data["local"]),
                  [RawSuppression(s[0], tuple(s[1]), *s[2:]) for s in data["suppressions"]],
                  notes=[Note(NoticeKind(n[0]), *n[1:]) for n in data["notes"]],
                  exports=_unvalue(data["exports"]))  # type: ignore[arg-type]
