"""Terraform's regular expressions: ``replace()`` with ``/pattern/``, ``regex()`` and ``regexall()``.

Terraform matches with Go's RE2: no backreferences nor lookaround, and time linear in the text.
Python's ``re`` backtracks (``(a+)+$`` on forty ``a`` and a ``!`` never finishes), so patterns
from a configuration run on the RE2 library (``google-re2``) and nowhere else; without it they
stay unknown. Replacement templates and empty matches follow Go's ``ReplaceAllString``.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from functools import cache, lru_cache
from typing import Any

from slens.loaders.bounds import Meter, TooLarge
from slens.model import Unknown, Value

#: matching costs up to the text's length times the pattern's: longer patterns are not evaluated
MAX_PATTERN = 10_000


class Invalid(Exception):
    """A pattern that is not evaluated (invalid RE2 syntax, too long, no RE2 library)."""


@cache
def _re2() -> Any:
    try:
        return importlib.import_module("re2")
    except ImportError:
        return None


@lru_cache(maxsize=256)
def _compile(pattern: str) -> Any:
    module = _re2()
    if module is None:
        raise Invalid("regular expressions are evaluated only where the google-re2 package is installed")
    if len(pattern) > MAX_PATTERN:
        raise Invalid(f"a pattern of {len(pattern):,} characters is not evaluated")
    options = module.Options()
    options.log_errors = False  # RE2 would print every invalid pattern of the input on stderr
    try:
        return module.compile(pattern, options)
    except Exception as exc:  # the binding's error type, whatever its version calls it
        reason = exc.args[0] if exc.args else exc
        text = reason.decode("utf-8", "replace") if isinstance(reason, bytes) else str(reason)
        raise Invalid(f"invalid RE2 pattern {pattern[:60]!r}: {text}") from None


def _matches(compiled: Any, pattern: str, text: str, meter: Meter) -> Iterator[Any]:
    """Matches as Go finds them: an empty match right after the previous match does not count."""
    meter.charge(len(text) * (1 + len(pattern) // 64) // 16, "a regular expression")
    previous_end = -1
    for match in compiled.finditer(text):
        start, end = match.span()
        if start == end and start == previous_end:
            continue
        previous_end = end
        yield match


def _name(template: str, index: int) -> tuple[str, int] | None:
    """The group named after the ``$`` at ``index`` (``$1``, ``$name``, ``${name}``) and where it ends."""
    if template.startswith("{", index):
        close = template.find("}", index + 1)
        name = template[index + 1:close] if close > 0 else ""
        valid = bool(name) and all(c == "_" or c.isalnum() for c in name)
        return (name, close + 1) if valid else None
    end = index
    while end < len(template) and (template[end] == "_" or template[end].isalnum()):
        end += 1
    return (template[index:end], end) if end > index else None


def _expand(template: str, match: Any, names: dict[str, int], groups: int) -> str:
    out: list[str] = []
    index = 0
    while index < len(template):
        dollar = template.find("$", index)
        if dollar < 0:
            out.append(template[index:])
            break
        out.append(template[index:dollar])
        if template.startswith("$$", dollar):
            out.append("$")
            index = dollar + 2
            continue
        found = _name(template, dollar + 1)
        if found is None:
            out.append("$")
            index = dollar + 1
            continue
        name, index = found
        group = int(name) if name.isdigit() and len(name) < 9 else names.get(name, -1)
        if 0 <= group <= groups:
            out.append(match.group(group) or "")
    return "".join(out)


def replace(text: str, pattern: str, replacement: str, meter: Meter) -> str:
    compiled = _compile(pattern)
    names = dict(compiled.groupindex)
    out: list[str] = []
    length = last = 0
    for match in _matches(compiled, pattern, text, meter):
        start, end = match.span()
        piece = _expand(replacement, match, names, compiled.groups)
        out += (text[last:start], piece)
        length += start - last + len(piece)
        if length > meter.max_text:
            raise TooLarge(f"value too large: replace() builds a text of more than {meter.max_text:,} characters")
        last = end
    out.append(text[last:])
    return "".join(out)


def _captures(compiled: Any, match: Any) -> Value:
    if compiled.groups == 0:
        return str(match.group(0))
    names = dict(compiled.groupindex)
    if names and len(names) != compiled.groups:
        raise Invalid("a pattern that mixes named and unnamed groups")
    if names:
        return {name: match.group(index) for name, index in names.items()}
    return [match.group(index) for index in range(1, compiled.groups + 1)]


def regex(pattern: str, text: str, meter: Meter) -> Value:
    compiled = _compile(pattern)
    for match in _matches(compiled, pattern, text, meter):
        return _captures(compiled, match)
    return Unknown(f"regex() pattern {pattern[:60]!r} does not match (an error at plan time)")


def regexall(pattern: str, text: str, meter: Meter) -> Value:
    compiled = _compile(pattern)
    out: list[Value] = []
    for match in _matches(compiled, pattern, text, meter):
        out.append(_captures(compiled, match))
        if len(out) > meter.max_value:
            raise TooLarge(f"value too large: regexall() finds more than {meter.max_value:,} matches")
    return out


__all__ = ["MAX_PATTERN", "Invalid", "regex", "regexall", "replace"]
