"""Files that are part of a Serverless Framework service rather than templates of their own.

A ``serverless.yml`` pulls pieces in with ``${file(...)}`` (``resources: ${file(resources.yml)}``);
such a piece is often a CloudFormation fragment that, read alone, looks like a template with
dangling references and fixed names. It is reviewed as part of its service, never on its own.
The same goes for ``.serverless/cloudformation-template-*.json``, the framework's package of
a service whose ``serverless.yml`` is scanned (its lines are the ones worth pointing at).

Includes are found in the text, before anything is loaded (the parent process decides what
each worker reads): every ``${file(...)}`` of the service and, in turn, of the YAML and JSON
files it includes, relative to the service's folder and inside it, as the resolver reads them.
A path built from a variable (``config/${opt:stage}.yml``) matches every file it could name.
"""

from __future__ import annotations

import glob
import hashlib
import os
import re
from collections.abc import Callable, Iterable

from slens.loaders.discovery import Candidate, UnitKind
from slens.loaders.files import Confinement, Refused

SERVICE_NAMES = ("serverless.yml", "serverless.yaml")
_FILE = re.compile(r"\$\{\s*file\(")
_VARIABLE = re.compile(r"\$\{[^{}]*\}")
#: a service including more than this is unusual; the rest is reviewed (and cached) as if unchanged
MAX_INCLUDES = 200
MAX_BYTES = 5 * 1024 * 1024
#: how far above a fragment named on the command line its service is looked for
MAX_LEVELS = 8


def is_service(path: str) -> bool:
    return os.path.basename(path).lower() in SERVICE_NAMES


def _arguments(text: str) -> Iterable[str]:
    """The argument of each ``${file(...)}``, up to its closing parenthesis."""
    for match in _FILE.finditer(text):
        depth, start = 1, match.end()
        for index in range(start, min(len(text), start + 1024)):
            char = text[index]
            if char == "(":
                depth += 1
            elif char == ")":
                depth -= 1
                if depth == 0:
                    yield text[start:index].strip().strip("'\"")
                    break


def _paths(argument: str, folder: str) -> list[str]:
    if "${" not in argument:
        return [os.path.join(folder, argument)]
    # while a variable is in the path, every file it could name is part of the service
    parts = _VARIABLE.split(argument)
    pattern = "*".join(glob.escape(part) for part in parts)
    return sorted(glob.glob(os.path.join(glob.escape(folder), pattern)))[:MAX_INCLUDES]


def _read(path: str) -> str | None:
    try:
        return Confinement.of(path, MAX_BYTES).read_bytes(path).decode("utf-8", "replace")
    except Refused:
        return None


def included_files(service: str, text: str | None = None) -> list[str]:
    """Real paths of the files the service includes, in the order they are first named."""
    folder = os.path.dirname(os.path.abspath(service))
    project = os.path.realpath(folder)
    found: dict[str, None] = {}
    pending = [text if text is not None else _read(service)]
    while pending and len(found) < MAX_INCLUDES:
        current = pending.pop()
        for argument in _arguments(current or ""):
            for path in _paths(argument, folder):
                real = os.path.realpath(path)
                if real in found or os.path.commonpath([real, project]) != project or not os.path.isfile(real):
                    continue
                found[real] = None
                if real.lower().endswith((".yml", ".yaml", ".json")):
                    pending.append(_read(real))
    return list(found)


#: a SAM state machine's local definition file (an S3 location or a mapping is not local)
_DEFINITION_URI = re.compile(rb"""DefinitionUri["']?\s*:\s*["']?([^"'\s,{}\[#][^"'\s,}#]*)""")


def _definition_files(path: str, data: bytes) -> list[str]:
    folder = os.path.dirname(os.path.abspath(path))
    return [os.path.join(folder, found.decode("utf-8", "replace")) for found in _DEFINITION_URI.findall(data)
            if not found.startswith(b"s3://")][:MAX_INCLUDES]


def includes_digest(path: str, data: bytes) -> str:
    """What the files a template reads besides itself hold, for cache keys (a service's ``${file()}``
    pieces, a state machine's ``DefinitionUri``): a template is as new as its newest piece."""
    included: list[str] = []
    if b"${file(" in data or b"${ file(" in data:
        included += included_files(path, data.decode("utf-8", "replace"))
    if b"DefinitionUri" in data:
        included += _definition_files(path, data)
    if not included:
        return ""
    digest = hashlib.sha256()
    confinement = Confinement.of(path, MAX_BYTES)
    for piece in included:
        digest.update(piece.encode() + b"\0")
        try:
            digest.update(confinement.read_bytes(piece))
        except Refused as exc:
            digest.update(f"\0unread:{exc.reason.value}".encode())
    return digest.hexdigest()


def _service_above(fragment: str, known: dict[str, list[str]]) -> str | None:
    """The serverless.yml in a folder above a fragment (or beside it) that includes it."""
    real = os.path.realpath(fragment)
    folder = os.path.dirname(os.path.abspath(fragment))
    for _ in range(MAX_LEVELS):
        for name in SERVICE_NAMES:
            service = os.path.join(folder, name)
            if service not in known and os.path.isfile(service):
                known[service] = included_files(service)
            if real in known.get(service, ()):
                return service
        parent = os.path.dirname(folder)
        if parent == folder or os.path.exists(os.path.join(folder, ".git")):
            return None
        folder = parent
    return None


def _packaged(path: str, services: set[str]) -> str | None:
    folder, name = os.path.split(path)
    if os.path.basename(folder) != ".serverless" or not name.startswith("cloudformation-template-"):
        return None
    return next((s for s in services if os.path.dirname(s) == os.path.dirname(folder)), None)


def service_parts(candidates: list[Candidate], display: Callable[[str], str],
                  ) -> tuple[list[Candidate], list[tuple[str, str]]]:
    """The candidates to review on their own, and (path, reason) for those that are part of a
    service. A fragment named on the command line brings its service in (it is reviewed there)."""
    services = {os.path.abspath(c.path) for c in candidates if c.kind is UnitKind.FILE and is_service(c.path)}
    known = {service: included_files(service) for service in sorted(services)}
    includes = {real: service for service, reals in known.items() for real in reals}
    kept: list[Candidate] = []
    parts: list[tuple[str, str]] = []
    for candidate in candidates:
        service = None if candidate.kind is not UnitKind.FILE else (
            includes.get(os.path.realpath(candidate.path)) or _packaged(os.path.abspath(candidate.path), services))
        if service is None and candidate.explicit and candidate.kind is UnitKind.FILE \
                and not is_service(candidate.path):
            service = _service_above(candidate.path, known)
            if service is not None and service not in services:
                services.add(service)
                kept.append(Candidate(service, explicit=True))
        if service is None:
            kept.append(candidate)
        else:
            parts.append((candidate.path, f"part of the service {display(service)}, reviewed there"))
    return kept, parts
