"""Snapshots: the inventory in a file (``--snapshot``), safe to share, and read back (``--snapshot-in``)."""

from __future__ import annotations

import copy
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from slens.loaders.aws.context import ACCESS_KEY

VERSION = 1
#: a snapshot of a large account is tens of MB; far more is not a snapshot slens wrote
MAX_BYTES = 512 * 1024 * 1024


class SnapshotError(ValueError):
    """A snapshot that cannot be read; the message names the file."""


def redact_for_snapshot(inventory: dict[str, Any]) -> dict[str, Any]:
    """A copy without environment variable values (each becomes ``<redacted: N characters>``) and
    without anything shaped like an access key id in the errors' messages."""
    out = copy.deepcopy(inventory)
    for partition in out.get("partitions") or []:
        functions = ((partition.get("services") or {}).get("lambda") or {}).get("functions") or []
        for function in functions:
            variables = ((function.get("Configuration") or {}).get("Environment") or {}).get("Variables")
            if isinstance(variables, dict):
                for name, value in variables.items():
                    variables[name] = f"<redacted: {len(str(value))} characters>"
        for error in partition.get("errors") or []:
            if isinstance(error.get("message"), str):
                error["message"] = ACCESS_KEY.sub("<redacted access key>", error["message"])
    return out


def write_snapshot(path: str | Path, inventory: dict[str, Any]) -> None:
    """Writes the redacted inventory atomically: a reader never sees half a snapshot."""
    target = Path(path)
    text = json.dumps(redact_for_snapshot(inventory), indent=1, sort_keys=False, ensure_ascii=False)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or Path("."))
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text + "\n")
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_snapshot(path: str | Path, max_bytes: int = MAX_BYTES) -> dict[str, Any]:
    """The inventory in ``path``; ``SnapshotError`` naming the file when it is not a version-1 snapshot."""
    source = Path(path)
    try:
        with source.open("rb") as stream:
            raw = stream.read(max_bytes + 1)
    except OSError as exc:
        raise SnapshotError(f"{source}: cannot read the snapshot: {exc.strerror or exc}") from exc
    if len(raw) > max_bytes:
        raise SnapshotError(f"{source}: larger than {max_bytes} bytes: not a snapshot slens wrote")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise SnapshotError(f"{source}: not a JSON snapshot: {exc}") from exc
    if not isinstance(data, dict) or "slens_inventory" not in data:
        raise SnapshotError(f"{source}: not an slens snapshot (no \"slens_inventory\" version)")
    if data["slens_inventory"] != VERSION:
        raise SnapshotError(f"{source}: snapshot version {data['slens_inventory']!r}; this slens reads version "
                            f"{VERSION}")
    partitions = data.get("partitions")
    if not isinstance(partitions, list) or not all(
            isinstance(p, dict) and isinstance(p.get("services"), dict) and isinstance(p.get("errors", []), list)
            for p in partitions):
        raise SnapshotError(f"{source}: \"partitions\" must be a list of {{account, region, services, errors}}")
    return data
