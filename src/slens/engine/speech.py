"""A finding told in the words the user wrote: property paths and resource names in their dialect.

Rules write messages in CloudFormation (``TracingConfig.Mode is not set``) about a property path; the
loaders know what each dialect calls those paths (:mod:`slens.loaders.words`). Here the message's
CloudFormation paths become the user's (``tracing_config.mode``, ``tracing``) and a resource the user
named otherwise than its logical id (a CDK construct path, a ``serverless.yml`` function key) is called
by that name. Only whole paths of the resource's own words are replaced, never parts of words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeAlias

from slens.model import WRITTEN_KEY, PropertyPath, Resource, as_mapping

Words: TypeAlias = Mapping[tuple[str, ...], str]
#: (the origin's type, the resource's CloudFormation type) -> its words
WordsOf: TypeAlias = Callable[[str, str], Words]


@dataclass(frozen=True)
class Dialect:
    """How one loaded input speaks: its name and its words."""

    name: str = "cloudformation"
    words: WordsOf | None = None
    #: (origin type, type) -> whether such a resource is called by its origin's label (a CDK construct
    #: path, a ``serverless.yml`` function key) rather than by its logical id, which the user did not write
    by_label: Callable[[str, str], bool] | None = None
    #: how the user spells a property below the ones with words (``Level`` of ``logs``: ``level``)
    case: Callable[[str], str] | None = None


CLOUDFORMATION = Dialect()
#: properties that hold a document (a policy, a definition, a pattern): the keys below them are the
#: document's own, spelt the same in every dialect
DOCUMENTS = frozenset({"PolicyDocument", "AssumeRolePolicyDocument", "Definition", "DefinitionString", "Body",
                       "RedrivePolicy", "RedriveAllowPolicy", "FilterPolicy", "EventPattern", "Policy",
                       "KeyPolicy", "Policies", "DefinitionSubstitutions"})


def user_path(dialect: Dialect, words: Words, path: PropertyPath) -> str | None:
    """``path`` in the user's words: the longest prefix with words, the rest spelt the dialect's way
    (a document's keys as they are: a policy's ``Statement[0].Action``); None when none of it has words."""
    keys = tuple(p for p in path if isinstance(p, str))
    for end in range(len(keys), 0, -1):
        said = words.get(keys[:end])
        if said is not None:
            # the rest of the path, with its list indexes, from the key after the prefix's last
            at = [i for i, p in enumerate(path) if isinstance(p, str)][end - 1] + 1
            return said + _rest(dialect, keys[:end], path[at:])
    return None


def dotted(path: PropertyPath) -> str:
    """A CloudFormation path as people write it: ``Policies[0].PolicyDocument.Statement[0].Action``."""
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


def _rest(dialect: Dialect, head: tuple[str, ...], rest: PropertyPath | list[str]) -> str:
    if not rest:
        return ""
    case = dialect.case if dialect.case is not None and not DOCUMENTS.intersection(head) else None
    return "".join(f"[{k}]" if isinstance(k, int) else f".{case(k) if case else k}" for k in rest)


@lru_cache(maxsize=256)
def _pattern(keys: tuple[str, ...]) -> re.Pattern[str]:
    # longest first, so that ``TracingConfig.Mode`` is replaced whole before ``TracingConfig``; the
    # CloudFormation keys written after one (``.Level``) are the user's too, in their spelling
    alternatives = "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))
    return re.compile(rf"(?<![\w.$:/-])({alternatives})((?:\.[A-Z][A-Za-z0-9]*)*)(?![\w-])")


def spoken(dialect: Dialect, message: str, words: Words) -> str:
    """The message with every CloudFormation path of ``words`` in it replaced by the user's words; a
    nested key named alone (``ThrottlingBurstLimit`` of ``DefaultRouteSettings``) by its own last word."""
    if not words:
        return message
    paths = _paths(words)
    if not paths or not any(k in message for k in paths):
        return message

    def said(match: re.Match[str]) -> str:
        head, words_ = paths[match.group(1)]
        return words_ + _rest(dialect, head, match.group(2).split(".")[1:])

    return _pattern(tuple(paths)).sub(said, message)


#: id of a words table -> (the table, kept alive so that its id is not reused, and its paths)
_PATHS: dict[int, tuple[Words, dict[str, tuple[tuple[str, ...], str]]]] = {}


def _paths(words: Words) -> dict[str, tuple[tuple[str, ...], str]]:
    """Dotted CloudFormation path -> (its keys, the user's words), for the paths whose words differ, and
    for the tails of nested paths that every path ending in them says the same way (once per table)."""
    cached = _PATHS.get(id(words))
    if cached is not None and cached[0] is words:
        return cached[1]
    found = {".".join(k): (k, v) for k, v in words.items() if ".".join(k) != v}
    # a message often names a nested key by its own last keys (``DeadLetterConfig.Arn`` of a target):
    # each such tail takes the same number of the words' last parts, where they have that many and
    # every path ending in it agrees
    tails: dict[tuple[str, ...], set[str]] = {}
    for keys, said in words.items():
        parts = said.split(".")
        for n in range(1, min(len(keys), len(parts) + 1)):
            tails.setdefault(keys[-n:], set()).add(".".join(parts[-n:]))
    for tail, saids in tails.items():
        dotted_tail = ".".join(tail)
        if len(saids) == 1 and tail not in words and (said := next(iter(saids))) != dotted_tail:
            found.setdefault(dotted_tail, (tail, said))
    _PATHS[id(words)] = (words, found)
    return found


def names(dialect: Dialect, resources: Iterable[Resource]) -> dict[str, str]:
    """Logical id -> the name the user gave, for the resources the user calls by another name."""
    by_label = dialect.by_label
    if by_label is None:
        return {}
    return {r.logical_id: label for r in resources
            if (label := r.origin.label) and label != r.logical_id and by_label(r.origin.type, r.type)}


def written_by(resource: Resource, path: PropertyPath) -> tuple[str, str | None] | None:
    """Who wrote the policy statement ``path`` is in, when a framework did (a loader says so under
    :data:`WRITTEN_KEY`), and the property of the user's that controls it (None: none does)."""
    if len(path) < 3 or path[:2] != ("PolicyDocument", "Statement"):
        return None
    written = as_mapping(resource.metadata.get(WRITTEN_KEY))
    entry = as_mapping(written.get(str(path[2]))) if written is not None else None
    if entry is None or not isinstance(entry.get("by"), str):
        return None
    prop = entry.get("prop")
    return str(entry["by"]), prop if isinstance(prop, str) else None


def speak(dialect: Dialect, resource: Resource, path: PropertyPath, message: str,
          named: Mapping[str, str] | None = None) -> tuple[str, str | None]:
    """The message in the dialect, and the path in the user's words (None when the same as CloudFormation's).
    ``named``: :func:`names` of the graph, so that other resources the message names are called the user's way."""
    said: str | None = None
    if dialect.words is not None:
        words = dialect.words(resource.origin.type, resource.type)
        said = user_path(dialect, words, path)
        message = spoken(dialect, message, words)
    if named is None:
        named = names(dialect, [resource])
    present = [logical_id for logical_id in named if logical_id in message]
    if present:
        alternatives = "|".join(re.escape(p) for p in sorted(present, key=len, reverse=True))
        message = re.sub(rf"(?<![\w/-])({alternatives})(?![\w-])", lambda m: named[m.group(1)], message)
    return message, said
