"""The rule catalogue: discovered once, validated all at once, immutable."""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterable, Iterator, Mapping
from types import ModuleType
from typing import Any

from slens.engine.rule import DOC_SECTIONS, SNIPPET_DIALECTS, Rule, Severity
from slens.lens import Practice

ID_PATTERN = re.compile(r"^[A-Z]{2,4}\d{3}$")
NAME_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class CatalogueError(Exception):
    """Raised with every problem found in the rules, not just the first."""


class RuleCatalogue:
    def __init__(self, rules: Iterable[Rule]) -> None:
        self.rules: tuple[Rule, ...] = tuple(sorted(rules, key=lambda r: r.id))
        problems = list(validate(self.rules))
        if problems:
            raise CatalogueError("invalid rule catalogue:\n  " + "\n  ".join(problems))
        self._by_id = {r.id: r for r in self.rules}
        self._by_name = {r.name: r for r in self.rules}

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def get(self, key: str) -> Rule | None:
        """A rule by id (case-insensitive) or by name."""
        return self._by_id.get(key.upper()) or self._by_name.get(key.lower())

    def unknown(self, keys: Iterable[str]) -> list[str]:
        return [k for k in keys if self.get(k) is None]

    def select(self, select: Iterable[str] = (), ignore: Iterable[str] = ()) -> RuleCatalogue:
        chosen = {self._resolve(k) for k in select} if select else {r.id for r in self.rules}
        dropped = {self._resolve(k) for k in ignore}
        return RuleCatalogue(r for r in self.rules if r.id in chosen and r.id not in dropped)

    def configure(self, options: Mapping[str, Any]) -> RuleCatalogue:
        """The catalogue with per-rule options set (``{"LAM005": {"days_ahead": 90}}``)."""
        settings = {self._resolve(k): v for k, v in options.items()}
        for key, value in settings.items():
            if not isinstance(value, Mapping):
                raise ValueError(f"rules.{key} must be a table of options")
        return RuleCatalogue(r.configured(settings[r.id]) if r.id in settings else r for r in self.rules)

    def _resolve(self, key: str) -> str:
        rule = self.get(key)
        if rule is None:
            raise KeyError(key)
        return rule.id


def validate(rules: Iterable[Rule]) -> Iterator[str]:
    seen_ids: set[str] = set()
    seen_names: set[str] = set()
    for rule in rules:
        where = type(rule).__qualname__
        for attr in ("id", "name", "severity", "practice", "services", "resource_types", "fix"):
            if not hasattr(rule, attr):
                yield f"{where}: missing {attr}"
        if not hasattr(rule, "id") or not hasattr(rule, "name"):
            continue
        if not ID_PATTERN.match(rule.id):
            yield f"{where}: id {rule.id!r} does not match {ID_PATTERN.pattern}"
        if not NAME_PATTERN.match(rule.name):
            yield f"{where}: name {rule.name!r} is not kebab-case"
        if rule.id in seen_ids:
            yield f"{where}: duplicate id {rule.id}"
        if rule.name in seen_names:
            yield f"{where}: duplicate name {rule.name}"
        seen_ids.add(rule.id)
        seen_names.add(rule.name)
        if not isinstance(getattr(rule, "severity", None), Severity):
            yield f"{where}: severity must be a Severity"
        if not isinstance(getattr(rule, "practice", None), Practice):
            yield f"{where}: practice must be a lens Practice"
        if not rule.title:
            yield f"{where}: the docstring needs a one-line title"
        sections = rule.sections()
        missing = [s for s in DOC_SECTIONS if not sections.get(s)]
        if missing:
            yield f"{where}: docstring lacks sections {missing}"
        fix = getattr(rule, "fix", {})
        for dialect in SNIPPET_DIALECTS:
            if not fix.get(dialect):
                yield f"{where}: no {dialect} fix snippet"
        if not getattr(rule, "resource_types", ()) and not rule.meta and not rule.compares:
            yield f"{where}: resource_types is empty"


def rule_classes(module: ModuleType) -> Iterator[type[Rule]]:
    for value in vars(module).values():
        if isinstance(value, type) and issubclass(value, Rule) and value is not Rule \
                and value.__module__ == module.__name__:
            yield value


def discover(package: ModuleType) -> list[Rule]:
    """Every rule class defined in the modules below ``package``."""
    found: list[Rule] = []
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        if info.ispkg:
            continue
        module = importlib.import_module(info.name)
        found.extend(cls() for cls in rule_classes(module))
    return found
