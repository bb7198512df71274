"""Serverless Framework variables (``${self:...}``, ``${opt:...}``, ...) resolved offline.

What only deploy time knows (``${cf:...}``, ``${ssm:...}``, ``${s3:...}``, CLI options without a
default) becomes an explicit :class:`Unknown`; what is wrong (a cycle, a ``self`` key that does
not exist, a file outside the project) becomes a problem with its line, and an unknown value.
Positions survive: mappings and lists of the service file stay ``YMap``/``YList``.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from typing import Any

from slens.loaders.bounds import MAX_BUILT, MAX_VALUE, Meter, TooLarge
from slens.loaders.files import Confinement, Refusal, Refused
from slens.loaders.serverless.varsyntax import join, split_top, variable_spans
from slens.loaders.spans import in_file, like
from slens.loaders.text import printable
from slens.loaders.yamlparse import YamlError, YList, YMap, parse_yaml
from slens.model import Composite, Unknown

REGION = "us-east-1"
ACCOUNT_ID = "123456789012"
DEFAULT_STAGE = "dev"
_SOURCE = re.compile(r"^\s*([A-Za-z][A-Za-z0-9]*)(?:(\(([^()]*)\))(?::(?!:)|\s*$)|:(?!:))")
_DEPLOY_TIME = {"cf": "CloudFormation stack output", "ssm": "SSM parameter", "s3": "S3 object",
                "param": "Serverless Dashboard parameter", "secretsmanager": "Secrets Manager secret",
                "terraform": "Terraform state", "vault": "Vault secret"}
_MISSING = object()


class _Cycle(Exception):
    def __init__(self, path: tuple[Any, ...]) -> None:
        super().__init__("cycle")
        self.path = path


class Resolver:
    """Resolves the variables of one service document, lazily and with cycle detection."""

    def __init__(self, document: YMap, path: str, name: str, options: Mapping[str, str] | None = None) -> None:
        self.root = document
        self.name = name
        self.directory = os.path.dirname(os.path.abspath(path))
        self.project = os.path.realpath(self.directory)
        self.options = dict(options or {})
        self.problems: list[tuple[int | None, str]] = []
        #: (line, notice kind, message) of what is not read though nothing is wrong (a file outside the folder)
        self.notes: list[tuple[int | None, str, str]] = []
        #: display path -> text of each YAML piece read with ``${file()}`` (its inline suppressions count)
        self.fragments: dict[str, str] = {}
        self._memo: dict[tuple[Any, ...], Any] = {}
        self._active: list[tuple[Any, ...]] = []
        self._files: dict[str, Any] = {}
        self._reported: set[tuple[int | None, str]] = set()
        #: path -> the resolved container there: a value referenced from many places is built once,
        #: and shared
        self._built: dict[tuple[Any, ...], Any] = {}
        self.meter = Meter()
        # variables may add this much to what the document holds (once its YAML aliases are expanded),
        # and resolving them may build this much more than the document itself
        written = self.meter.size(document)
        self.meter.max_value, self.meter.max_built = MAX_VALUE + written, MAX_BUILT + written

    # -- public -------------------------------------------------------------------------

    def document(self) -> Any:
        """The whole document with every variable resolved (positions kept)."""
        return self._deep((), self.root)

    def stage(self) -> Any:
        value = self._option("stage")
        if value is None:
            value = self._self_path(("provider", "stage"), None)
        return DEFAULT_STAGE if value is None or value is _MISSING else value

    def region(self) -> Any:
        value = self._option("region")
        if value is None:
            value = self._self_path(("provider", "region"), None)
        return REGION if value is None or value is _MISSING else value

    # -- the tree -----------------------------------------------------------------------

    def _deep(self, path: tuple[Any, ...], node: Any) -> Any:
        if path in self._built:
            return self._built[path]
        resolved = self._at(path, node)
        if resolved is not node or not isinstance(node, dict | list):
            return resolved  # a variable's value is resolved through already: shared, not copied
        out: Any = like(node)
        try:
            if isinstance(node, dict):
                for key in node:
                    out[key] = self._deep((*path, key), node[key])
                    if isinstance(node, YMap) and isinstance(out, YMap) and key in node.key_pos:
                        out.key_pos[key] = node.key_pos[key]
            else:
                for index, item in enumerate(node):
                    out.append(self._deep((*path, index), item))
                if isinstance(node, YList) and isinstance(out, YList):
                    out.item_pos = list(node.item_pos)
            self.meter.admit(out, f"the value of {self._label(path)}")
        except TooLarge as exc:
            out = self._stop(exc, self._line(path))
        self._built[path] = out
        return out

    def _label(self, path: tuple[Any, ...]) -> str:
        if path[:1] == ("file",) and len(path) > 1:
            where = os.path.relpath(str(path[1]), self.project).replace(os.sep, "/")
            return f"{'.'.join(map(str, path[2:])) or 'the content'} of {where}"
        return ".".join(map(str, path)) or "the document"

    def _stop(self, error: TooLarge, line: int | None) -> Unknown:
        """The unknown value where ``error`` stopped resolving, and the problem that says so."""
        value = self.meter.stopped(error, self.name, line)
        for _file, at, message in self.meter.stops:
            self._problem(at, message)
        self.meter.stops.clear()
        return value

    def _at(self, path: tuple[Any, ...], raw: Any, line: int | None = None) -> Any:
        """``raw`` (found at ``path``) with the variables of its own string resolved (memoized)."""
        if not isinstance(raw, str) or "${" not in raw:
            return raw
        if path in self._memo:
            return self._memo[path]
        if path in self._active:
            raise _Cycle(path)
        self._active.append(path)
        try:
            value = self._string(raw, line if line is not None else self._line(path))
        except _Cycle as cycle:
            if cycle.path != path:
                raise
            self._problem(self._line(path), f"cyclic variable reference in {raw!r} at "
                                            f"{'.'.join(map(str, path)) or 'the document'}")
            value = Unknown("cyclic variable reference")
        except TooLarge as exc:
            value = self._stop(exc, line if line is not None else self._line(path))
        finally:
            self._active.pop()
        self._memo[path] = value
        return value

    def _line(self, path: tuple[Any, ...]) -> int | None:
        node: Any = self.root
        line: int | None = None
        for step in path:
            if isinstance(node, YMap) and step in node.key_pos:
                line = node.key_pos[step][0]
            elif isinstance(node, YList) and isinstance(step, int) and step < len(node.item_pos):
                line = node.item_pos[step][0]
            node = _child(node, step)
            if node is _MISSING:
                break
        return line

    def _note(self, line: int | None, kind: str, message: str) -> None:
        if (line, kind, message) not in self.notes:
            self.notes.append((line, kind, message))

    def _problem(self, line: int | None, message: str) -> None:
        if (line, message) not in self._reported:
            self._reported.add((line, message))
            self.problems.append((line, message))

    # -- strings and expressions --------------------------------------------------------

    def _string(self, text: str, line: int | None) -> Any:
        parts: list[Any] = []
        position = 0
        for start, end in variable_spans(text):
            inner = text[start + 2:end - 1]
            if not self._is_variable(inner):
                continue  # ${AWS::Region}, ${MyResource}: CloudFormation's own Fn::Sub syntax
            parts.append(text[position:start])
            parts.append(self._expression(inner, line))
            position = end
        parts.append(text[position:])
        parts = [p for p in parts if not (isinstance(p, str) and p == "")] or [""]
        if len(parts) == 1:
            return parts[0]  # the value of one variable: shared, not built
        self.meter.check(parts, "a string with variables")  # before joining them, not after
        joined = join(parts)
        self.meter.admit(joined, "a string with variables")
        return joined

    @staticmethod
    def _is_variable(inner: str) -> bool:
        match = _SOURCE.match(inner)
        return (match is not None and match.group(1) != "AWS") or inner.lstrip().startswith("${")

    def _expression(self, inner: str, line: int | None) -> Any:
        alternatives = [a.strip() for a in split_top(inner)]
        for index, alternative in enumerate(alternatives):
            value = self._alternative(alternative, line, last=index == len(alternatives) - 1)
            if value is not None and value is not _MISSING:
                return value
        return Unknown(f"${{{inner.strip()}}} resolves to nothing")

    def _alternative(self, text: str, line: int | None, last: bool) -> Any:
        if not text:
            return None
        if text[0] in "'\"" and text[-1:] == text[0] and len(text) > 1:
            return text[1:-1]
        if text.startswith("${") and text.endswith("}") and variable_spans(text) == [(0, len(text))]:
            return self._expression(text[2:-1], line)
        match = _SOURCE.match(text)
        if match is None:
            if "${" in text:
                return self._string(text, line)
            lowered = text.lower()
            if lowered in ("true", "false"):
                return lowered == "true"
            if lowered == "null":
                return None
            try:
                return int(text)
            except ValueError:
                try:
                    return float(text)
                except ValueError:
                    return text
        source, argument = match.group(1), match.group(3)
        address = text[match.end():].strip()
        if "${" in address:
            resolved = self._string(address, line)
            if not isinstance(resolved, str):
                return Unknown(f"${{{text}}} has an address known only at deploy time")
            address = resolved
        if argument is not None and "${" in argument:
            resolved_arg = self._string(argument, line)
            if not isinstance(resolved_arg, str):
                return Unknown(f"${{{text}}} names a file known only at deploy time")
            argument = resolved_arg
        return self._source(source, argument, address, text, line, last)

    def _source(self, source: str, argument: str | None, address: str, text: str, line: int | None,
                last: bool) -> Any:
        if source == "self":
            steps = _address(address)
            if steps in (("provider", "stage"), ("provider", "region")):  # the framework's defaults apply
                return self.stage() if steps[1] == "stage" else self.region()
            value = self._self_path(steps, line)
            if value is _MISSING and last:
                self._problem(line, f"cannot resolve ${{{text}}}: {address or 'the document'} is not set")
                return Unknown(f"${{{text}}} is not set")
            return value
        if source == "opt":
            return self._option(address)
        if source == "env":
            return None  # the scanning machine's environment is not the deployer's: use the default
        if source == "sls":
            return self.stage() if address == "stage" else Unknown(f"${{{text}}}")
        if source == "aws":
            if address == "region":
                return self.region()
            return ACCOUNT_ID if address == "accountId" else Unknown(f"${{{text}}}")
        if source == "file" and argument is not None:
            return self._file(argument.strip().strip("'\""), address, text, line, last)
        if source == "strToBool":
            return address.strip().lower() in ("true", "1")
        what = _DEPLOY_TIME.get(source, f"{source} variable")
        return Unknown(f"${{{text}}} ({what}, known only at deploy time)")

    def _option(self, name: str) -> Any:
        return self.options.get(name)

    def _self_path(self, steps: tuple[Any, ...], line: int | None) -> Any:
        node: Any = self.root
        path: tuple[Any, ...] = ()
        for step in steps:
            node = self._at(path, node, line)
            if isinstance(node, Unknown | Composite):
                return Unknown(f"${{self:{'.'.join(map(str, steps))}}} lies below a value known only at deploy "
                               "time")
            node = _child(node, step)
            if node is _MISSING:
                return _MISSING
            path = (*path, step)
        value = self._at(path, node, line)
        return self._deep(path, node) if isinstance(value, dict | list) else value

    def _file(self, relative: str, address: str, text: str, line: int | None, last: bool) -> Any:
        target = os.path.realpath(os.path.join(self.directory, relative))
        # neither is the user's mistake: a note says what the review leaves out, and the value is unknown
        if os.path.commonpath([target, self.project]) != self.project:
            self._note(line, "outside-project", f"${{{text}}} reads {relative}, outside the service's folder: slens "
                                                "does not read it, so what it holds is not reviewed")
            return Unknown(f"{relative} is outside the project")
        if target.lower().endswith((".js", ".cjs", ".mjs", ".ts")):
            self._note(line, "include", f"${{{text}}} runs JavaScript at deploy time: what it returns is not reviewed")
            return Unknown(f"${{{text}}} runs JavaScript at deploy time")
        content = self._load(target, relative, line)
        if content is _MISSING:
            if last:
                self._problem(line, f"${{{text}}}: file {relative} does not exist or cannot be read")
                return Unknown(f"{relative} cannot be read")
            return None
        path: tuple[Any, ...] = ("file", target)
        node = content
        for step in _address(address):
            node = _child(self._at(path, node, line), step)
            if node is _MISSING:
                return _MISSING if not last else Unknown(f"${{{text}}}: {address} is not in {relative}")
            path = (*path, step)
        value = self._at(path, node, line)
        return self._deep(path, node) if isinstance(value, dict | list) else value

    def _load(self, target: str, relative: str, line: int | None) -> Any:
        if target in self._files:
            return self._files[target]
        try:  # never a FIFO (which blocks for ever), a device or a file over the size limit
            text = Confinement(self.project).read_text(target, relative)
        except Refused as exc:
            refused: Any = _MISSING
            if exc.reason in (Refusal.NOT_REGULAR, Refusal.TOO_LARGE):  # reported here, unknown there
                self._problem(line, f"${{file({relative})}}: {exc.message}")
                refused = Unknown(exc.message)
            self._files[target] = refused
            return refused
        content: Any
        try:
            # positions kept: what the piece holds is reported at its own lines
            shown = os.path.join(os.path.dirname(self.name), os.path.relpath(target, self.project))
            shown = printable(os.path.normpath(shown).replace(os.sep, "/"))
            if target.lower().endswith(".json"):
                content = _positioned_json(json.loads(text), text, shown)
            elif target.lower().endswith((".yml", ".yaml")):
                content = in_file(parse_yaml(text)[0], shown)
                self.fragments[shown] = text
            else:
                content = text
        except (ValueError, YamlError, RecursionError) as exc:
            self._problem(line, f"cannot parse {relative}: {exc}")
            content = _MISSING
        self._files[target] = content
        return content


def _positioned_json(document: Any, text: str, shown: str) -> Any:
    """``document`` (JSON) read again as YAML for its positions, when YAML reads the same data
    (JSON is YAML, but for a few escapes); else as it is, without lines."""
    try:
        positioned = parse_yaml(text)[0]
    except (YamlError, RecursionError):
        return document
    return in_file(positioned, shown) if positioned == document else document


def _child(node: Any, step: Any) -> Any:
    if isinstance(node, dict):
        return node.get(step, _MISSING)
    if isinstance(node, list) and isinstance(step, int) and step < len(node):
        return node[step]
    return _MISSING


def _address(address: str) -> tuple[Any, ...]:
    steps: list[Any] = []
    for part in address.split(".") if address else []:
        steps.append(int(part) if part.isdigit() else part)
    return tuple(steps)


__all__ = ["ACCOUNT_ID", "DEFAULT_STAGE", "REGION", "Resolver"]
