"""Text that every report format can write: no lone surrogates.

Python keeps the bytes of a file name that is not UTF-8 as lone surrogates (``os.fsdecode``),
and JSON and HCL escapes can write half of a UTF-16 pair (``"\\ud800"``); neither can be
encoded as UTF-8, so a report that printed one would fail as a whole.
"""

from __future__ import annotations


def printable(text: str) -> str:
    """``text`` unchanged when it is valid Unicode; else a file name's stray bytes as ``\\xff`` and
    other lone surrogates as ``\\ud800`` (the escape that was written)."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    out: list[str] = []
    for char in text:
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:  # a byte os.fsdecode could not decode
            out.append(f"\\x{code - 0xDC00:02x}")
        elif 0xD800 <= code <= 0xDFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(char)
    return "".join(out)


def printable_tree(value: object) -> object:
    """A parsed JSON document with :func:`printable` keys and strings (a copy, only where needed)."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {printable(str(k)): printable_tree(v) for k, v in value.items()}
    if isinstance(value, list):
        return [printable_tree(v) for v in value]
    return value


def json_int(text: str) -> int | str:
    """An integer of a JSON document (``json.loads(parse_int=...)``): past Python's limit on the digits
    of an int (4300, a ``ValueError`` that is not a ``JSONDecodeError``) it stays as written."""
    return int(text) if len(text) <= 4000 else text


__all__ = ["json_int", "printable", "printable_tree"]
