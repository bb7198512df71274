"""The rule catalogue: discovered once, validated all at once, immutable."""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterable, Iterator, Mapping
from types import ModuleType
from typing import Any

from slens.engine.result import Notice, NoticeKind
from slens.engine.rule import DOC_SECTIONS, ID_PATTERN, SNIPPET_DIALECTS, VERSION_PATTERN, Rule, Severity
from slens.engine.services import Service
from slens.lens import Practice

__all__ = ["ID_PATTERN", "NAME_PATTERN", "CatalogueError", "RuleCatalogue", "discover", "rule_classes", "validate"]

NAME_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class CatalogueError(Exception):
    """Raised with every problem found in the rules, not just the first."""


class RuleCatalogue:
    """``renamed`` records where the user named a rule by a former id or name (an alias), as
    ``(where, message)`` pairs: each becomes a renamed-rule notice of the scan (:meth:`rename_notices`),
    even when the rule itself was ignored."""

    def __init__(self, rules: Iterable[Rule], renamed: Iterable[tuple[str, str]] = (), *,
                 complete: RuleCatalogue | None = None) -> None:
        self.rules: tuple[Rule, ...] = tuple(sorted(rules, key=lambda r: r.id))
        # a selection of a complete (validated) catalogue needs no second check, and could not pass
        # one: a rule may name a related rule that the selection leaves out
        problems = [] if complete is not None else list(validate(self.rules))
        if problems:
            raise CatalogueError("invalid rule catalogue:\n  " + "\n  ".join(problems))
        self._by_id = {r.id: r for r in self.rules}
        self._by_name = {r.name: r for r in self.rules}
        #: ids are upper case and names lower case, so one table holds both kinds of alias
        self._by_alias = {a: r for r in self.rules for a in r.aliases}
        self.renamed: tuple[tuple[str, str], ...] = tuple(dict.fromkeys(renamed))
        #: every rule slens has, whatever this catalogue selects: a suppression or baseline entry naming
        #: a rule left out (an opt-in rule not turned on) names a known rule all the same
        self.complete: RuleCatalogue = complete if complete is not None else self

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def get(self, key: str) -> Rule | None:
        """A rule by id (case-insensitive) or by name, current or former (:attr:`Rule.aliases`)."""
        return (self._by_id.get(key.upper()) or self._by_name.get(key.lower())
                or self._by_alias.get(key.upper()) or self._by_alias.get(key.lower()))

    def renamed_to(self, key: str) -> Rule | None:
        """The rule ``key`` names when it is one of its former ids or names, else None."""
        if self._by_id.get(key.upper()) or self._by_name.get(key.lower()):
            return None
        return self._by_alias.get(key.upper()) or self._by_alias.get(key.lower())

    def noting(self, where: str, keys: Iterable[str]) -> RuleCatalogue:
        """This catalogue, recording the keys that are aliases as named at ``where`` (a file, an option)."""
        found = [(where, self.rename_message(k)) for k in keys if self.renamed_to(k) is not None]
        return RuleCatalogue(self.rules, (*self.renamed, *found), complete=self.complete) \
            if found else self

    def rename_message(self, key: str) -> str:
        rule = self.renamed_to(key)
        assert rule is not None
        return f"{key} is the former name of rule {rule.id} {rule.name}: it still works, but name {rule.id} instead"

    def rename_notices(self) -> list[Notice]:
        """One renamed-rule notice for each place a rule was named by an alias."""
        return [Notice(where, None, NoticeKind.RENAMED_RULE, message) for where, message in self.renamed]

    def unknown(self, keys: Iterable[str]) -> list[str]:
        return [k for k in keys if self.get(k) is None]

    def select(self, select: Iterable[str] = (), ignore: Iterable[str] = (), extend: Iterable[str] = ()
               ) -> RuleCatalogue:
        """The rules ``select`` names (default: every rule that is not opt-in), plus ``extend``, less ``ignore``."""
        chosen = {self._resolve(k) for k in select} if select else {r.id for r in self.rules if not r.opt_in}
        chosen |= {self._resolve(k) for k in extend}
        dropped = {self._resolve(k) for k in ignore}
        return RuleCatalogue((r for r in self.rules if r.id in chosen and r.id not in dropped), self.renamed,
                             complete=self.complete)

    def configure(self, options: Mapping[str, Any]) -> RuleCatalogue:
        """The catalogue with per-rule options set (``{"LAM005": {"days_ahead": 90}}``)."""
        settings = {self._resolve(k): v for k, v in options.items()}
        for key, value in settings.items():
            if not isinstance(value, Mapping):
                raise ValueError(f"rules.{key} must be a table of options")
        return RuleCatalogue((r.configured(settings[r.id]) if r.id in settings else r for r in self.rules),
                             self.renamed, complete=self.complete)

    def _resolve(self, key: str) -> str:
        rule = self.get(key)
        if rule is None:
            raise KeyError(key)
        return rule.id


def validate(rules: Iterable[Rule]) -> Iterator[str]:
    rules = list(rules)
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
        services = getattr(rule, "services", None)  # a missing one is reported above
        if services is not None and not (isinstance(services, tuple) and services
                                         and all(isinstance(s, Service) for s in services)):
            yield f"{where}: services must be a non-empty tuple of Service members, not {services!r}"
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
        if not isinstance(rule.since, str) or not VERSION_PATTERN.match(rule.since):
            yield f"{where}: since {rule.since!r} is not a release number (like 0.1.0)"
    yield from _validate_aliases(rules)
    yield from _validate_related(rules)


def _validate_related(rules: list[Rule]) -> Iterator[str]:
    """``related`` names other rules of the catalogue by their current id."""
    ids = {getattr(r, "id", None) for r in rules}
    for rule in rules:
        where = type(rule).__qualname__
        related = rule.related
        if not isinstance(related, tuple) or not all(isinstance(r, str) for r in related):
            yield f"{where}: related must be a tuple of rule ids"
            continue
        for other in related:
            if other not in ids or other == getattr(rule, "id", None):
                yield f"{where}: related names {other!r}, which is not another rule's id"


def _validate_aliases(rules: list[Rule]) -> Iterator[str]:
    """An alias is a former id (upper case) or name (kebab-case), and names one rule only: never a
    current id or name, nor another rule's alias."""
    current = {key for r in rules for key in (getattr(r, "id", None), getattr(r, "name", None)) if key}
    owner: dict[str, str] = {}
    for rule in rules:
        where = type(rule).__qualname__
        if not isinstance(rule.aliases, tuple) or not all(isinstance(a, str) for a in rule.aliases):
            yield f"{where}: aliases must be a tuple of strings"
            continue
        for alias in rule.aliases:
            if not (ID_PATTERN.match(alias) or NAME_PATTERN.match(alias)):
                yield f"{where}: alias {alias!r} is neither an id ({ID_PATTERN.pattern}) nor a kebab-case name"
            elif alias in current:
                yield f"{where}: alias {alias} is the id or name of a rule"
            elif alias in owner:
                yield f"{where}: alias {alias} is already an alias of {owner[alias]}"
            owner.setdefault(alias, where)


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
