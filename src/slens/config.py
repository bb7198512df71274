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


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise ValueError("expected a list of strings")


def _choice(options: tuple[str, ...]) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if not isinstance(value, str) or value.lower() not in options:
            raise ValueError(f"expected one of {', '.join(options)}")
        return value.lower()
    return check


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


def _suppress(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ValueError("expected an array of tables ([[tool.slens.suppress]])")
    allowed = {"id", "ids", "reason", "resources", "paths", "expires"}
    for entry in value:
        unknown = set(entry) - allowed
        if unknown:
            raise ValueError(f"unknown key(s) {', '.join(sorted(unknown))} in a suppress entry")
    return value


#: key -> (parser, default); keys mirror the long command-line flags
KEYS: dict[str, tuple[Callable[[Any], Any], Any]] = {
    "select": (_strings, []),
    "ignore": (_strings, []),
    "fail-on": (_choice(FAIL_ON), "medium"),
    "exclude": (_strings, []),
    "format": (_text, "text"),
    "output": (_text, None),
    "report": (_strings, []),
    "max-file-size": (_size, 5 * 1024 * 1024),
    "baseline": (_text, None),
    "include-suppressed": (_bool, False),
    "severity": (_table, {}),
    "rules": (_table, {}),
    "suppress": (_suppress, []),
    "jobs": (_int, 0),
    "cache": (_bool, True),
    "sarif-all-rules": (_bool, False),
}
ENV_KEYS = ("select", "ignore", "fail-on", "exclude", "format", "output", "report", "max-file-size", "baseline",
            "include-suppressed", "jobs", "cache", "sarif-all-rules")


@dataclass
class Config:
    values: dict[str, Any] = field(default_factory=lambda: {k: d for k, (_, d) in KEYS.items()})
    sources: dict[str, str] = field(default_factory=lambda: {k: "default" for k in KEYS})
    file: Path | None = None

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def set(self, key: str, raw: Any, source: str) -> None:
        parser, _ = KEYS[key]
        try:
            self.values[key] = parser(raw)
        except ValueError as exc:
            raise ConfigError(f"{source}: bad value for {key!r}: {exc}") from None
        self.sources[key] = source


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
    config = Config()
    path = explicit or find_config_file(start)
    if path is not None:
        table, label = _file_table(path)
        config.file = path
        for key, value in table.items():
            normal = key.replace("_", "-")
            if normal not in KEYS:
                raise ConfigError(f"{label}: unknown key {key!r} (known: {', '.join(KEYS)})")
            config.set(normal, value, label)
    env = os.environ if environ is None else environ
    for key in ENV_KEYS:
        name = "SLENS_" + key.upper().replace("-", "_")
        if env.get(name):
            config.set(key, env[name], f"environment {name}")
    for key, value in (cli or {}).items():
        if value is not None and value != []:
            config.set(key, value, "command line")
    return config


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
        value = config.values[key]
        source = _comment(config.sources[key])
        lines.append(f"# {key} is not set    # {source}" if value is None
                     else f"{key} = {toml_value(value)}    # {source}")
    return "\n".join(lines) + "\n"


def _comment(text: str) -> str:
    return " ".join(text.split())  # a newline in a path would end the comment


def configured_rules(config: Config) -> tuple[RuleCatalogue, dict[str, Severity]]:
    """The catalogue as the configuration selects and sets it up, and the severities it overrides;
    every problem (an unknown id, a bad severity or option, a bad suppression) is a ConfigError."""
    from slens.engine import Severity
    from slens.rules import load_catalogue
    from slens.scan import config_suppressions

    catalogue = load_catalogue()
    unknown = catalogue.unknown(config["select"] + config["ignore"] + list(config["severity"]) + list(config["rules"]))
    if unknown:
        raise ConfigError(f"unknown rule id(s): {', '.join(unknown)} (see 'slens rules')")
    severity: dict[str, Severity] = {}
    for key, value in config["severity"].items():
        if value not in SEVERITIES:
            raise ConfigError(f"{config.sources['severity']}: severity.{key} must be one of {', '.join(SEVERITIES)}")
        rule = catalogue.get(key)
        assert rule is not None
        severity[rule.id] = Severity(value)
    try:
        catalogue = catalogue.select(config["select"], config["ignore"]).configure(config["rules"])
    except ValueError as exc:
        raise ConfigError(f"{config.sources['rules']}: {exc}") from None
    _, problems = config_suppressions(config["suppress"], catalogue, config.sources["suppress"])
    if problems:
        raise ConfigError("; ".join(f"{p.file}: {p.message}" for p in problems))
    return catalogue, severity
