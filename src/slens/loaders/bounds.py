"""Caps on what evaluating one configuration may build.

Values of hostile input can grow exponentially from a few bytes: forty Terraform locals that
each concatenate the previous one with itself, or Serverless variables that each list the
previous one twice. Evaluators share what they build (a reference is the same object, not a
copy), so building stays cheap, but the expanded value is what the rules and the reports walk.
A :class:`Meter` measures every value an evaluator builds, expanded, and stops the evaluation
with :class:`TooLarge` past the caps.
"""

from __future__ import annotations

from slens.model import Composite, Ref, Unknown

#: a unit is a node of a value (a scalar, a list item, a mapping entry) or 16 characters of text:
#: walking a node costs about as much as scanning 16 characters
TEXT_UNIT = 16
#: units of one value, expanded (a shared part counted at every place it appears). Loading and
#: reviewing costs about 10 microseconds and 400 bytes per unit: half a million take a few seconds
MAX_VALUE = 500_000
#: units that all the resources of one load may hold together, expanded
MAX_RESOURCES = 2_000_000
#: characters of one string, as many units as one value (a file read by ``file()`` is at most 2 MB)
MAX_TEXT = MAX_VALUE * TEXT_UNIT
#: units built by one load, every value together: bounds the time evaluation takes (building and
#: measuring a unit costs a few microseconds)
MAX_BUILT = 4_000_000
#: containers smaller than this are measured again rather than remembered (the memo holds each
#: container it remembers alive)
_MEMO_FROM = 64


class TooLarge(Exception):
    """A value (or, with ``budget``, the evaluation as a whole) grew past a cap."""

    def __init__(self, message: str, budget: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.budget = budget


def _text_units(text: str) -> int:
    return 1 + len(text) // TEXT_UNIT


class Meter:
    """What one load has built, and the expanded size of each value it measured."""

    def __init__(self, max_value: int = MAX_VALUE, max_text: int = MAX_TEXT, max_built: int = MAX_BUILT) -> None:
        self.max_value = max_value
        self.max_text = max_text
        self.max_built = max_built
        self.built = 0
        #: (file, line, message) of each place where evaluation stopped; the budget's end once
        self.stops: list[tuple[str, int | None, str]] = []
        self._spent = False
        #: id -> (the container, kept alive so that its id is not reused; its size)
        self._sizes: dict[int, tuple[object, int]] = {}

    def size(self, value: object) -> int:
        """Expanded units of ``value``; shared containers are measured once and remembered."""
        if isinstance(value, str):
            return _text_units(value)
        if not isinstance(value, dict | list | tuple | Composite | Unknown):
            return 1
        total = 0
        # explicit stack: values can nest thousands deep
        stack: list[tuple[object, bool]] = [(value, False)]
        pending: list[int] = []
        active: set[int] = set()  # a container met again inside itself is counted once, not followed
        while stack:
            item, done = stack.pop()
            if done:
                active.discard(id(item))
                size = pending.pop()
                if size >= _MEMO_FROM:
                    self._sizes[id(item)] = (item, size)
                if pending:
                    pending[-1] += size
                else:
                    total += size
                continue
            known = self._known(item) if id(item) not in active else 1
            if known is not None:
                if pending:
                    pending[-1] += known
                else:
                    total += known
                continue
            children = _children(item)
            active.add(id(item))
            pending.append(1)
            stack.append((item, True))
            stack.extend((child, False) for child in children)
        return total

    def _known(self, item: object) -> int | None:
        if isinstance(item, str):
            return _text_units(item)
        if isinstance(item, Ref) or not isinstance(item, dict | list | tuple | Composite | Unknown):
            return 1
        if isinstance(item, Unknown):
            return 1 + len(item.refs)
        entry = self._sizes.get(id(item))
        return entry[1] if entry is not None and entry[0] is item else None

    def check(self, value: object, what: str) -> int:
        """The size of ``value``; :class:`TooLarge` when it is over the cap of one value."""
        if isinstance(value, str) and len(value) > self.max_text:
            raise TooLarge(f"value too large: {what} is a text of {len(value):,} characters, over the limit of "
                           f"{self.max_text:,}")
        size = self.size(value)
        if size > self.max_value:
            raise TooLarge(f"value too large: {what} holds more than {self.max_value:,} values once every "
                           "reference in it is expanded")
        return size

    def charge(self, units: int, what: str) -> None:
        """Count work done; :class:`TooLarge` once the load has built more than its budget."""
        self.built += units
        if self.built > self.max_built:
            raise TooLarge(f"evaluation stopped at {what}: the configuration builds more than "
                           f"{self.max_built:,} values in all", budget=True)

    def stopped(self, error: TooLarge, file: str, line: int | None) -> Unknown:
        """Record where ``error`` stopped an evaluation; the unknown value that takes its place."""
        if not error.budget or not self._spent:
            self.stops.append((file, line, error.message))
        self._spent = self._spent or error.budget
        return Unknown(f"not evaluated: {error.message}")

    def admit(self, value: object, what: str) -> None:
        """A value just built: checked against the caps and charged for the part that is new."""
        self.check(value, what)
        self.charge(_shallow(value), what)


def _children(item: object) -> list[object]:
    if isinstance(item, dict):
        return list(item.values())
    if isinstance(item, list | tuple):
        return list(item)
    if isinstance(item, Composite):
        return list(item.parts)
    return []


def _shallow(value: object) -> int:
    """Units of the new part of a value built from others (which it shares, not copies)."""
    if isinstance(value, str):
        return _text_units(value)
    if isinstance(value, dict | list | tuple):
        return 1 + len(value)
    if isinstance(value, Composite):
        return 1 + sum(_text_units(p) if isinstance(p, str) else 1 for p in value.parts)
    return 1


__all__ = ["MAX_BUILT", "MAX_RESOURCES", "MAX_TEXT", "MAX_VALUE", "Meter", "TooLarge"]
