"""The Terraform built-in functions and operators worth evaluating offline; the rest give unknowns."""

from __future__ import annotations

import math
import re
from collections.abc import Callable

from slens.loaders.bounds import Meter, TooLarge
from slens.loaders.terraform import regex
from slens.loaders.terraform.jsontext import decode, encode, interpolate
from slens.model import Composite, Ref, Unknown, Value, as_bool, as_str, refs_in


def _unknown(reason: str, *values: object) -> Unknown:
    return Unknown(reason, tuple(dict.fromkeys(ref for v in values for ref in refs_in(v))))


def _known(value: Value) -> bool:
    if isinstance(value, Ref | Unknown | Composite):
        return False
    if isinstance(value, dict):
        return all(_known(v) for v in value.values())
    if isinstance(value, list):
        return all(_known(v) for v in value)
    return True


def _merge(args: list[Value]) -> Value:
    out: dict[str, Value] = {}
    for arg in args:
        if arg is None:
            continue
        if not isinstance(arg, dict):
            return _unknown("merge() of a value only known at deploy time", *args)
        out.update(arg)
    return out


def _concat(args: list[Value]) -> Value:
    out: list[Value] = []
    for arg in args:
        if not isinstance(arg, list):
            return _unknown("concat() of a value only known at deploy time", *args)
        out.extend(arg)
    return out


def _lookup(args: list[Value]) -> Value:
    if len(args) >= 2 and isinstance(args[0], dict) and isinstance(args[1], str):
        return args[0].get(args[1], args[2] if len(args) > 2 else None)
    return _unknown("lookup() of a value only known at deploy time", *args)


def _coalesce(args: list[Value]) -> Value:
    for arg in args:
        if not _known(arg) and not isinstance(arg, Ref | Composite):
            return _unknown("coalesce() of a value only known at deploy time", *args)
        if arg not in (None, ""):
            return arg
    return None


def _try(args: list[Value]) -> Value:
    for arg in args:
        if not isinstance(arg, Unknown) and arg is not None:
            return arg
    return _unknown("try() of values only known at deploy time", *args)


def _join(args: list[Value]) -> Value:
    if len(args) == 2 and isinstance(args[0], str) and isinstance(args[1], list):
        texts = [as_str(v) for v in args[1]]
        if all(t is not None for t in texts):
            return args[0].join(t for t in texts if t is not None)
    return _unknown("join() of a value only known at deploy time", *args)


def _format(args: list[Value]) -> Value:
    if not args or not isinstance(args[0], str):
        return _unknown("format() of a value only known at deploy time", *args)
    values = iter(args[1:])
    parts: list[Value] = []
    last = 0
    for match in re.finditer(r"%(%|[-+ #0-9.]*[a-zA-Z])", args[0]):
        parts.append(args[0][last:match.start()])
        parts.append("%" if match.group(1) == "%" else next(values, ""))
        last = match.end()
    parts.append(args[0][last:])
    return interpolate([p for p in parts if p != ""] or [""])


def _text_function(function: Callable[[str], str], name: str) -> Callable[[list[Value]], Value]:
    def call(args: list[Value]) -> Value:
        if len(args) == 1 and isinstance(args[0], str):
            return function(args[0])
        return _unknown(f"{name}() of a value only known at deploy time", *args)
    return call


def _replace(args: list[Value], meter: Meter) -> Value:
    if len(args) == 3 and all(isinstance(a, str) for a in args):
        text, old, new = (str(a) for a in args)
        if old.startswith("/") and old.endswith("/") and len(old) > 1:
            return regex.replace(text, old[1:-1], new, meter)
        if len(text) + text.count(old) * (len(new) - len(old)) > meter.max_text:  # before building it
            raise TooLarge(f"value too large: replace() builds a text of more than {meter.max_text:,} characters")
        return text.replace(old, new)
    return _unknown("replace() of a value only known at deploy time", *args)


def _regex(function: Callable[[str, str, Meter], Value]) -> Callable[[list[Value], Meter], Value]:
    def call(args: list[Value], meter: Meter) -> Value:
        if len(args) == 2 and isinstance(args[0], str) and isinstance(args[1], str):
            return function(args[0], args[1], meter)
        return _unknown(f"{function.__name__}() of a value only known at deploy time", *args)
    return call


def _tomap(args: list[Value]) -> Value:
    return args[0] if args else None


def _jsonencode(args: list[Value]) -> Value:
    # objects stay objects: properties that hold documents (policies, definitions) want them parsed,
    # and a string context turns them back into JSON text (``to_text``)
    if args and isinstance(args[0], dict | list):
        return args[0]
    return encode(args[0]) if args else None


def _jsondecode(args: list[Value], meter: Meter) -> Value:
    if args and isinstance(args[0], str) and len(args[0]) > 2 * meter.max_value:  # before decoding it
        raise TooLarge(f"value too large: jsondecode() of a text of {len(args[0]):,} characters")
    decoded = decode(args[0]) if args else None
    return decoded if decoded is not None else _unknown("jsondecode() of a value only known at deploy time",
                                                        *args)


def _element(args: list[Value]) -> Value:
    if len(args) == 2 and isinstance(args[0], list) and args[0] and isinstance(args[1], int):
        return args[0][args[1] % len(args[0])]
    return _unknown("element() of a value only known at deploy time", *args)


def _length(args: list[Value]) -> Value:
    if args and isinstance(args[0], list | dict | str):
        return len(args[0])
    return _unknown("length() of a value only known at deploy time", *args)


def _flatten(args: list[Value]) -> Value:
    if not args or not isinstance(args[0], list):
        return _unknown("flatten() of a value only known at deploy time", *args)
    out: list[Value] = []
    stack = list(reversed(args[0]))
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        else:
            out.append(item)
    return out


_FUNCTIONS: dict[str, Callable[[list[Value]], Value]] = {
    "merge": _merge,
    "concat": _concat,
    "lookup": _lookup,
    "coalesce": _coalesce,
    "try": _try,
    "join": _join,
    "format": _format,
    "upper": _text_function(str.upper, "upper"),
    "lower": _text_function(str.lower, "lower"),
    "trimspace": _text_function(str.strip, "trimspace"),
    "title": _text_function(str.title, "title"),
    "tomap": _tomap,
    "tolist": _tomap,
    "toset": _tomap,
    "tostring": _tomap,
    "tonumber": _tomap,
    "tobool": _tomap,
    "sensitive": _tomap,
    "nonsensitive": _tomap,
    "jsonencode": _jsonencode,
    "element": _element,
    "length": _length,
    "flatten": _flatten,
    "compact": lambda args: [a for a in args[0] if a not in (None, "")] if args and isinstance(args[0], list)
    else _unknown("compact() of a value only known at deploy time", *args),
    "distinct": lambda args: list(dict.fromkeys(a for a in args[0] if isinstance(a, str)))
    if args and isinstance(args[0], list) and all(isinstance(a, str) for a in args[0])
    else _unknown("distinct() of a value only known at deploy time", *args),
}


#: functions whose work depends on more than the size of their arguments
_METERED: dict[str, Callable[[list[Value], Meter], Value]] = {
    "replace": _replace, "jsondecode": _jsondecode, "regex": _regex(regex.regex),
    "regexall": _regex(regex.regexall),
}


def call(name: str, args: list[Value], meter: Meter) -> Value:
    # the functions build at most what their arguments hold: arguments over the cap of one value
    # are refused before anything is built (concat of a list with itself, forty times over)
    meter.charge(meter.check(args, f"the value built by {name}()"), f"{name}()")
    metered = _METERED.get(name)
    function = _FUNCTIONS.get(name)
    if function is None and metered is None:
        return _unknown(f"{name}() is not evaluated offline", *args)
    try:
        return metered(args, meter) if metered is not None else function(args)  # type: ignore[misc]
    except regex.Invalid as exc:
        return _unknown(f"{name}(): {exc}", *args)
    except (TypeError, ValueError, IndexError, KeyError, ZeroDivisionError, OverflowError):
        return _unknown(f"{name}() could not be evaluated", *args)


#: Terraform numbers have arbitrary precision; past this many bits (about 300 digits) a number
#: is not evaluated offline, so that no operation grows one (a product squared again and again)
MAX_BITS = 1024


def bounded(number: int | float) -> Value:
    """The number, or an unknown when it is too large to evaluate (or not finite)."""
    if isinstance(number, float) and not math.isfinite(number):
        return Unknown("a number too large to evaluate")
    if isinstance(number, int) and number.bit_length() > MAX_BITS:
        return Unknown("a number too large to evaluate")
    return number


def number_literal(text: str) -> Value:
    """A number as written in HCL; Python's own limit on digits is never reached."""
    if len(text) > 400:
        return Unknown(f"the number {text[:20]}... ({len(text)} characters) is too large to evaluate")
    try:
        return bounded(int(text))
    except ValueError:
        return bounded(float(text))


def _number(value: Value) -> int | float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value
    if isinstance(value, str):
        try:
            return float(value) if "." in value else int(value)
        except ValueError:
            return None
    return None


def binary(operator: str, left: Value, right: Value) -> Value:
    if operator in ("&&", "||"):
        a, b = as_bool(left), as_bool(right)
        if operator == "&&" and (a is False or b is False):
            return False
        if operator == "||" and (a is True or b is True):
            return True
        if a is not None and b is not None:
            return a and b if operator == "&&" else a or b
        return _unknown(f"{operator} of a value only known at deploy time", left, right)
    if not _known(left) or not _known(right):
        return _unknown(f"{operator} of a value only known at deploy time", left, right)
    if operator == "==":
        return left == right
    if operator == "!=":
        return left != right
    x, y = _number(left), _number(right)
    if x is None or y is None:
        return _unknown(f"{operator} of values that are not numbers", left, right)
    operations: dict[str, Callable[[float, float], Value]] = {
        "+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b, "/": lambda a, b: a / b,
        "%": lambda a, b: a % b, "<": lambda a, b: a < b, ">": lambda a, b: a > b, "<=": lambda a, b: a <= b,
        ">=": lambda a, b: a >= b}
    operation = operations.get(operator)
    if operation is None:
        return _unknown(f"operator {operator} is not evaluated")
    try:
        result = operation(x, y)
    except (ZeroDivisionError, OverflowError):
        return _unknown(f"{operator} could not be evaluated")
    if isinstance(result, float) and result.is_integer() and operator != "/":
        return bounded(int(result))
    return bounded(result) if isinstance(result, int | float) and not isinstance(result, bool) else result
