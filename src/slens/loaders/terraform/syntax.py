"""HCL files into blocks and attributes with their lines; expressions stay lark trees until evaluated."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TypeAlias

from lark import Token, Tree
from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from slens.loaders.text import printable

Node: TypeAlias = "Tree[Token] | Token"


class HclError(Exception):
    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass
class Attribute:
    name: str
    expr: Node
    file: str
    line: int
    column: int | None = None


@dataclass
class Block:
    type: str
    labels: list[str]
    file: str
    line: int
    attributes: dict[str, Attribute] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)
    column: int | None = None

    def children(self, type_: str) -> list[Block]:
        return [b for b in self.blocks if b.type == type_]


def line_of(node: Node, default: int = 0) -> int:
    if isinstance(node, Token):
        return node.line or default
    meta = node.meta
    return meta.line if not meta.empty else default


def column_of(node: Node) -> int | None:
    """1-based, as the parser counts (characters, not bytes); None where it does not know."""
    if isinstance(node, Token):
        return node.column
    return None if node.meta.empty else node.meta.column


def significant(node: Tree[Token]) -> list[Node]:
    """Children without newlines, comments and punctuation tokens."""
    out: list[Node] = []
    for child in node.children:
        if isinstance(child, Tree):
            if child.data != "new_line_or_comment":
                out.append(child)
        elif child.type in ("NAME", "STRING_CHARS", "ESCAPED_INTERPOLATION", "ESCAPED_DIRECTIVE", "INT_LITERAL",
                            "FLOAT_LITERAL", "HEREDOC_TEMPLATE", "HEREDOC_TEMPLATE_TRIM", "TEMPLATE_STRING"):
            out.append(child)
    return out


def token_text(node: Node) -> str:
    """The text of an identifier, keyword or literal-value node."""
    if isinstance(node, Token):
        return str(node)
    return "".join(token_text(c) for c in node.children if isinstance(c, Token | Tree))


_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)", re.S)
_TRAILING_BLANKS = re.compile(r"[ \t]+$", re.M)
_SIMPLE = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}


def unescape(text: str) -> str:
    if "\\" not in text:
        return text

    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        if code[0] in "uU" and len(code) > 1:
            try:
                return printable(chr(int(code[1:], 16)))  # half of a UTF-16 pair is not a character
            except ValueError:
                return code
        return _SIMPLE.get(code, "\\" + code)

    return _ESCAPE.sub(one, text)


def literal_string(node: Tree[Token]) -> str:
    """A string without interpolations (block labels)."""
    parts: list[str] = []
    for child in node.children:
        if isinstance(child, Tree) and child.data == "string_part":
            for piece in child.children:
                parts.append(unescape(str(piece)) if isinstance(piece, Token) else "${...}")
    return "".join(parts)


def _label(node: Node) -> str:
    if isinstance(node, Tree) and node.data == "string":
        return literal_string(node)
    return token_text(node).strip()


def _body(node: Tree[Token], file: str, owner: Block) -> None:
    for child in significant(node):
        if not isinstance(child, Tree):
            continue
        if child.data == "attribute":
            parts = significant(child)
            if len(parts) >= 2:
                name = _label(parts[0])
                owner.attributes[name] = Attribute(name, parts[-1], file, line_of(child, owner.line),
                                                   column_of(child))
        elif child.data == "block":
            owner.blocks.append(_block(child, file))


def _block(node: Tree[Token], file: str) -> Block:
    parts = significant(node)
    body = next((p for p in parts if isinstance(p, Tree) and p.data == "body"), None)
    heads = [p for p in parts if p is not body]
    block = Block(_label(heads[0]) if heads else "", [_label(h) for h in heads[1:]], file, line_of(node),
                  column=column_of(node))
    if body is not None:
        _body(body, file, block)
    return block


def _parser_error(exc: Exception) -> HclError:
    if isinstance(exc, UnexpectedEOF):
        return HclError("HCL syntax error: unexpected end of file", None)
    if isinstance(exc, UnexpectedToken):
        token = exc.token
        shown = "end of file" if token.type == "$END" else repr(str(token))[:40]
        return HclError(f"HCL syntax error: unexpected {shown}", exc.line if exc.line > 0 else None)
    if isinstance(exc, UnexpectedCharacters):
        return HclError(f"HCL syntax error: unexpected character {exc.char!r}", exc.line)
    if isinstance(exc, UnexpectedInput):
        return HclError("HCL syntax error", getattr(exc, "line", None))
    return HclError(f"HCL syntax error: {exc}", None)


def parse_tree(text: str) -> Tree[Token]:
    import hcl2

    # Terraform accepts blanks after a heredoc's closing marker; the grammar does not
    text = _TRAILING_BLANKS.sub("", text.replace("\r\n", "\n"))
    if not text.endswith("\n"):
        text += "\n"
    try:
        # a typed name: python-hcl2 8.1.4 declares the return type, 8.1.2 (the lowest allowed) does not
        tree: Tree[Token] = hcl2.parses_to_tree(text)
        return tree
    except (LarkError, RecursionError, ValueError) as exc:
        raise _parser_error(exc) from None


def parse_file(text: str, file: str) -> Block:
    """The whole file as one block whose children are the top-level blocks."""
    root = Block("", [], file, 1)
    tree = parse_tree(text)
    body = next((c for c in tree.children if isinstance(c, Tree) and c.data == "body"), None)
    if body is not None:
        _body(body, file, root)
    return root


def parse_expression(text: str) -> Node:
    """One expression written as text (inside a heredoc or a template file)."""
    tree = parse_tree(f"x = {text}\n")
    body = next(c for c in tree.children if isinstance(c, Tree) and c.data == "body")
    attribute = next(c for c in significant(body) if isinstance(c, Tree) and c.data == "attribute")
    return significant(attribute)[-1]
