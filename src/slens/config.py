"""Configuration: ``[tool.slens]`` in pyproject.toml or ``.slens.toml``, ``SLENS_*`` variables, flags.

Precedence: command line > environment > file > defaults. Every value remembers where it
came from, for ``slens config``. Unknown keys and bad values are errors naming the file and key.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from slens.engine import RuleCatalogue, Severity

SEVERITIES = ("critical", "high", "medium", "low", "info")
FAIL_ON = (*SEVERITIES, "never")


class ConfigError(Exception):
    """A configuration problem; the message names the file (or variable) and the key."""


def _strings(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split(",") if v.strip())
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ValueError("expected a list of strings")


def _choice(options: tuple[str, ...]) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if not isinstance(value, str) or value.lower() not in options:
            raise ValueError(f"expected one of {', '.join(options)}")
        return value.lower()
    return check


def _fail_on(value: Any) -> Severity | None:
    level = _choice(FAIL_ON)(value)
    return None if level == "never" else _severity(level)


def _severity(level: str) -> Severity:
    from slens.engine import Severity  # not at import: ``slens --version`` reads no engine

    return Severity(level)


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError("expected a whole number")
    try:
        number = int(value)
    except ValueError:
        raise ValueError("expected a whole number") from None
    if number < 0:
        raise ValueError("expected a positive number")
    return number


#: the largest max-file-size: a file is read whole into memory, and a larger number does not fit an index
MAX_FILE_SIZE = 1 << 30


def _size(value: Any) -> int:
    number = _int(value)
    if number > MAX_FILE_SIZE:
        raise ValueError(f"expected at most {MAX_FILE_SIZE} bytes (1 GiB)")
    return number


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("1", "true", "yes", "0", "false", "no"):
        return value.lower() in ("1", "true", "yes")
    raise ValueError("expected true or false")


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError("expected a string")
    return value


def _table(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError("expected a table")
    return value


class _Whole(ValueError):
    """A bad value whose message is complete without the usual ``bad value for`` prefix."""


def _severities(value: Any) -> dict[str, Severity]:
    table = _table(value)
    for key, level in table.items():
        if level not in SEVERITIES:
            raise _Whole(f"severity.{key} must be one of {', '.join(SEVERITIES)}")
    return {key: _severity(level) for key, level in table.items()}


def _suppress(value: Any) -> tuple[dict[str, Any], ...]:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ValueError("expected an array of tables ([[tool.slens.suppress]])")
    allowed = {"id", "ids", "reason", "resources", "paths", "expires"}
    for entry in value:
        unknown = set(entry) - allowed
        if unknown:
            raise ValueError(f"unknown key(s) {', '.join(sorted(unknown))} in a suppress entry")
    return tuple(value)


#: key -> parser; keys mirror the long command-line flags, and are ``Config``'s fields with ``_`` for ``-``
KEYS: dict[str, Callable[[Any], Any]] = {
    "select": _strings,
    "extend-select": _strings,
    "ignore": _strings,
    "fail-on": _fail_on,
    "exclude": _strings,
    "format": _text,
    "output": _text,
    "report": _strings,
    "max-file-size": _size,
    "baseline": _text,
    "include-suppressed": _bool,
    "severity": _severities,
    "rules": _table,
    "suppress": _suppress,
    "jobs": _int,
    "cache": _bool,
    "sarif-all-rules": _bool,
}
ENV_KEYS = ("select", "extend-select", "ignore", "fail-on", "exclude", "format", "output", "report", "max-file-size",
            "baseline", "include-suppressed", "jobs", "cache", "sarif-all-rules")


@dataclass(frozen=True)
class Config:
    """The effective configuration; ``sources`` says where each key's value came from."""

    select: tuple[str, ...] = ()
    #: opt-in rules turned on, on top of the selection
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    #: None: never fail on findings
    fail_on: Severity | None = field(default_factory=lambda: _severity("medium"))
    exclude: tuple[str, ...] = ()
    format: str = "text"
    output: str | None = None
    #: ``FORMAT=PATH`` items
    report: tuple[str, ...] = ()
    max_file_size: int = 5 * 1024 * 1024
    baseline: str | None = None
    include_suppressed: bool = False
    #: rule id or name -> the severity that replaces the rule's own
    severity: Mapping[str, Severity] = field(default_factory=dict)
    #: rule id or name -> its options
    rules: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    #: ``[[tool.slens.suppress]]`` entries
    suppress: tuple[Mapping[str, Any], ...] = ()
    #: worker processes; 0 is one per core
    jobs: int = 0
    cache: bool = True
    sarif_all_rules: bool = False
    sources: Mapping[str, str] = field(default_factory=lambda: dict.fromkeys(KEYS, "default"))
    file: Path | None = None

    def value(self, key: str) -> Any:
        """A key's value as written in a configuration file (``fail-on = 'never'``)."""
        value = getattr(self, _field(key))
        if key == "fail-on":
            return "never" if value is None else value.value
        if key == "severity":
            return {rule: level.value for rule, level in value.items()}
        return value


def _field(key: str) -> str:
    return key.replace("-", "_")


def _parsed(key: str, raw: Any, source: str) -> Any:
    try:
        return KEYS[key](raw)
    except _Whole as exc:
        raise ConfigError(f"{source}: {exc}") from None
    except ValueError as exc:
        raise ConfigError(f"{source}: bad value for {key!r}: {exc}") from None


def find_config_file(start: Path) -> Path | None:
    """The nearest .slens.toml, or pyproject.toml with a [tool.slens] table, walking up from ``start``."""
    directory = start if start.is_dir() else start.parent
    for folder in [directory.resolve(), *directory.resolve().parents]:
        candidate = folder / ".slens.toml"
        if os.path.lexists(candidate):  # a FIFO or a link to a device is reported when it is read
            return candidate
        pyproject = folder / "pyproject.toml"
        if os.path.lexists(pyproject):
            try:
                if "slens" in tomllib.loads(read_config_text(pyproject)).get("tool", {}):
                    return pyproject
            except (tomllib.TOMLDecodeError, ConfigError):
                return pyproject  # a broken pyproject is reported when it is read
    return None


#: a configuration file is small; a larger one is a mistake or an attack
MAX_CONFIG_BYTES = 1024 * 1024


def read_config_text(path: Path) -> str:
    """A configuration or baseline file's text: a regular file, bounded, never blocking (a FIFO or
    ``/dev/zero`` in a repository is refused). It may lie outside the project: the user's own
    ``pyproject.toml`` above it, or a baseline they named."""
    from slens.loaders.files import Confinement, Refused

    try:
        return Confinement(os.sep, MAX_CONFIG_BYTES).read_text(str(path))
    except Refused as exc:
        raise ConfigError(exc.message) from None


def _file_table(path: Path) -> tuple[Mapping[str, Any], str]:
    try:
        data = tomllib.loads(read_config_text(path))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("slens", {})
        return (table if isinstance(table, dict) else {}), f"{path} [tool.slens]"
    table = data.get("tool", {}).get("slens", data) if "tool" in data else data
    return table, str(path)


def load_config(start: Path, explicit: Path | None = None, cli: Mapping[str, Any] | None = None,
                environ: Mapping[str, str] | None = None) -> Config:
    values: dict[str, Any] = {}
    sources = dict.fromkeys(KEYS, "default")

    def set_(key: str, raw: Any, source: str) -> None:
        values[_field(key)] = _parsed(key, raw, source)
        sources[key] = source

    path = explicit or find_config_file(start)
    if path is not None:
        table, label = _file_table(path)
        for key, value in table.items():
            normal = key.replace("_", "-")
            if normal not in KEYS:
                raise ConfigError(f"{label}: unknown key {key!r} (known: {', '.join(KEYS)})")
            set_(normal, value, label)
    env = os.environ if environ is None else environ
    for key in ENV_KEYS:
        name = "SLENS_" + key.upper().replace("-", "_")
        if env.get(name):
            set_(key, env[name], f"environment {name}")
    for key, value in (cli or {}).items():
        if value is not None and value != []:
            set_(key, value, "command line")
    return Config(**values, sources=sources, file=path)


_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def _toml_key(key: str) -> str:
    return key if _BARE_KEY.match(key) else _toml_string(key)


def _toml_string(value: str) -> str:
    # a literal string when it can be one (as the files people write use them), else a basic string:
    # JSON's escapes are all valid in TOML
    if "'" not in value and value.isprintable():
        return f"'{value}'"
    return json.dumps(value, ensure_ascii=False)


def toml_value(value: Any) -> str:
    """``value`` (as configuration holds it) written as TOML: inline tables, one line."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | date):
        return value.isoformat() if isinstance(value, date) else repr(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{_toml_key(str(k))} = {toml_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return _toml_string(str(value))


def describe(config: Config) -> str:
    """The effective configuration as TOML that slens reads back (``slens config > .slens.toml``),
    each value's source in a comment; unset values are comments."""
    lines = [f"# configuration file: {_comment(str(config.file or 'none found'))}"]
    for key in KEYS:
        value = config.value(key)
        source = _comment(config.sources[key])
        lines.append(f"# {key} is not set    # {source}" if value is None
                     else f"{key} = {toml_value(value)}    # {source}")
    return "\n".join(lines) + "\n"


def _comment(text: str) -> str:
    return " ".join(text.split())  # a newline in a path would end the comment


def configured_rules(config: Config) -> tuple[RuleCatalogue, dict[str, Severity]]:
    """The catalogue as the configuration selects and sets it up, and the severities it overrides;
    every problem (an unknown id, a bad severity or option, a bad suppression) is a ConfigError."""
    from slens.rules import load_catalogue
    from slens.scan import config_suppressions

    catalogue = load_catalogue()
    unknown = catalogue.unknown([*config.select, *config.extend_select, *config.ignore, *config.severity,
                                 *config.rules])
    if unknown:
        raise ConfigError(f"unknown rule id(s): {', '.join(unknown)} (see 'slens rules')")
    for key in ("select", "extend-select", "ignore", "severity", "rules"):  # a former id or name works, noted
        catalogue = catalogue.noting(config.sources[key], getattr(config, key.replace("-", "_")))
    severity: dict[str, Severity] = {}
    for key, level in config.severity.items():
        rule = catalogue.get(key)
        assert rule is not None
        severity[rule.id] = level
    try:
        # options first: a rule's options stay valid when a selection leaves the rule out
        catalogue = catalogue.configure(config.rules).select(config.select, config.ignore, config.extend_select)
    except ValueError as exc:
        raise ConfigError(f"{config.sources['rules']}: {exc}") from None
    _, problems = config_suppressions(list(config.suppress), catalogue, config.sources["suppress"])
    if problems:
        raise ConfigError("; ".join(f"{p.file}: {p.message}" for p in problems))
    return catalogue, severity
