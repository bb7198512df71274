"""HCL expressions into model values: literals, references (:class:`Ref`), unknowns and composites."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Protocol, TypeAlias

from lark import Token, Tree

from slens.loaders.bounds import TooLarge
from slens.loaders.spans import closing_brace
from slens.loaders.terraform import functions, syntax
from slens.loaders.terraform.jsontext import interpolate
from slens.loaders.terraform.spantable import SpanTable
from slens.loaders.terraform.syntax import HclError, Node, line_of, parse_expression, significant, token_text, unescape
from slens.model import Composite, Ref, SourceSpan, Unknown, Value, as_bool, refs_in

Step: TypeAlias = tuple[str, Value]  # ("attr", name) | ("index", key) | ("splat", None)


class Scope(Protocol):
    def traverse(self, root: str, steps: list[Step], line: int) -> Value: ...


def unknown(reason: str, *values: object) -> Unknown:
    return Unknown(reason, tuple(dict.fromkeys(ref for v in values for ref in refs_in(v))))


class Evaluator:
    def __init__(self, scope: Scope, file: str, spans: SpanTable, read_file: Callable[[Value], Value],
                 bound: Mapping[str, Value] | None = None) -> None:
        self.scope = scope
        self.file = file
        self.spans = spans
        self.read_file = read_file
        self.bound: dict[str, Value] = dict(bound or {})

    def bind(self, names: Mapping[str, Value]) -> Evaluator:
        return Evaluator(self.scope, self.file, self.spans, self.read_file, {**self.bound, **names})

    # -- templates -------------------------------------------------------------------------

    def template(self, text: str, line: int) -> Value:
        self.spans.meter.charge(len(text) // 16, "templates")  # a templatefile() read once per resource
        parts: list[Value] = []
        index, literal = 0, []
        while index < len(text):
            if text.startswith(("$${", "%%{"), index):
                literal.append(text[index + 1:index + 3])
                index += 3
            elif text.startswith(("${", "%{"), index):
                end = closing_brace(text, index + 1)
                if end < 0:
                    literal.append(text[index:])
                    break
                parts.append("".join(literal))
                literal = []
                inner = text[index + 2:end].strip().strip("~").strip()
                if text[index] == "%":
                    return self._unknown(f"template directive %{{{inner[:30]}}} is not evaluated", *parts)
                try:
                    parts.append(self.eval(parse_expression(inner), line))
                except HclError:
                    parts.append(Unknown(f"cannot read the interpolation ${{{inner[:40]}}}"))
                index = end + 1
            else:
                literal.append(text[index])
                index += 1
        parts.append("".join(literal))
        self.spans.meter.check(parts, f"the template at {self.file}:{line}")  # before joining, not after
        return interpolate([p for p in parts if p != ""] or [""])

    def _heredoc(self, token: Token, trim: bool) -> Value:
        lines = str(token).split("\n")
        body = lines[1:-2] if len(lines) >= 3 else []
        if trim:
            indents = [len(x) - len(x.lstrip()) for x in body if x.strip()]
            cut = min(indents, default=0)
            body = [x[cut:] for x in body]
        value = self.template("\n".join(body) + ("\n" if body else ""), token.line or 0)
        # a JSON document in the heredoc keeps its lines: the source as written, from the line after <<EOF
        return self.spans.written(value, "\n".join(lines[1:-2]), self.file, (token.line or 0) + 1)

    def _string(self, node: Tree[Token], line: int) -> Value:
        parts: list[Value] = []
        for child in node.children:
            if not (isinstance(child, Tree) and child.data == "string_part"):
                continue
            for piece in child.children:
                if isinstance(piece, Token):
                    text = str(piece)
                    if piece.type in ("ESCAPED_INTERPOLATION", "ESCAPED_DIRECTIVE"):
                        text = text[1:]
                    parts.append(unescape(text))
                elif piece.data == "interpolation":
                    inner = significant(piece)
                    parts.append(self.eval(inner[0], line) if inner else None)
                else:
                    return self._unknown("template directive is not evaluated", *parts)
        self.spans.meter.check(parts, f"the string at {self.file}:{line}")  # before joining, not after
        return interpolate([p for p in parts if p != ""] or [""])

    # -- expressions ---------------------------------------------------------------------------

    def eval(self, node: Node, line: int = 0) -> Value:
        try:
            return self._eval(node, line)
        except RecursionError:
            return Unknown("expression nested too deeply")
        except TooLarge as exc:
            return self.spans.meter.stopped(exc, self.file, line_of(node, line) or None)

    def _eval(self, node: Node, line: int) -> Value:
        if isinstance(node, Token):
            if node.type in ("INT_LITERAL", "FLOAT_LITERAL"):
                return functions.number_literal(str(node))
            return str(node)
        line = line_of(node, line)
        kind = node.data
        parts = significant(node)
        if kind in ("expr_term", "object_elem_key") and len(parts) == 1:
            return self._eval(parts[0], line)
        handler = _HANDLERS.get(str(kind))
        if handler is None:
            return Unknown(f"{kind} expression is not evaluated")
        value = handler(self, node, parts, line)
        if kind in _BUILDERS:  # what references return is shared, not built: only new values are measured
            self.spans.meter.admit(value, f"the {_BUILDERS[kind]} at {self.file}:{line}")
        return value

    def _unknown(self, reason: str, *values: Value) -> Unknown:
        # an unknown walks its values for the references they hold: that walk is work too
        self.spans.meter.charge(self.spans.meter.size(values), reason)
        return unknown(reason, *values)

    def _traversal(self, node: Tree[Token], line: int) -> Value:
        steps: list[Step] = []
        current: Node = node
        while isinstance(current, Tree) and current.data in (
                "get_attr_expr_term", "index_expr_term", "attr_splat_expr_term", "full_splat_expr_term", "expr_term"):
            parts = significant(current)
            if current.data == "expr_term":
                if len(parts) != 1:
                    break
                current = parts[0]
                continue
            base, accessor = parts[0], parts[-1]
            steps[:0] = self._accessor(accessor, line)
            current = base
        if isinstance(current, Tree) and current.data == "identifier":
            root = token_text(current)
            if root in self.bound:
                return apply_steps(self.bound[root], steps)
            return self.scope.traverse(root, steps, line)
        return apply_steps(self._eval(current, line), steps)

    def _accessor(self, node: Node, line: int) -> list[Step]:
        if not isinstance(node, Tree):
            return []
        parts = significant(node)
        if node.data == "get_attr":
            return [("attr", token_text(parts[0]))] if parts else []
        if node.data == "braces_index":
            return [("index", self._eval(parts[0], line))] if parts else []
        if node.data == "short_index":
            return [("index", functions.number_literal(str(parts[0])))] if parts else []
        if node.data in ("attr_splat", "full_splat"):
            out: list[Step] = [("splat", None)]
            for part in parts:
                out.extend(self._accessor(part, line))
            return out
        return []

    def _object(self, node: Tree[Token], parts: list[Node], line: int) -> Value:
        out: dict[str, Value] = {}
        for elem in parts:
            if not isinstance(elem, Tree) or elem.data != "object_elem":
                continue
            key_node, value_node = significant(elem)[0], significant(elem)[-1]
            key_parts = significant(key_node) if isinstance(key_node, Tree) else [key_node]
            inner = key_parts[0] if len(key_parts) == 1 else key_node
            while isinstance(inner, Tree) and inner.data == "expr_term" and len(significant(inner)) == 1:
                inner = significant(inner)[0]
            if isinstance(inner, Tree) and inner.data in ("identifier", "keyword", "literal_value"):
                key: Value = token_text(inner)
            else:
                key = self._eval(inner, line)
            elem_line = line_of(elem, line)
            if isinstance(key, str):
                out[key] = self._eval(value_node, elem_line)
                self.spans.record(out, key, SourceSpan(self.file, elem_line, syntax.column_of(elem)))
            else:
                return unknown("an object key is only known at deploy time", key)
        return out

    def _tuple(self, node: Tree[Token], parts: list[Node], line: int) -> Value:
        out: list[Value] = []
        for part in parts:
            out.append(self._eval(part, line))
            self.spans.record(out, len(out) - 1, SourceSpan(self.file, line_of(part, line), syntax.column_of(part)))
        return out

    def _call(self, node: Tree[Token], parts: list[Node], line: int) -> Value:
        names = [token_text(p) for p in parts if isinstance(p, Tree) and p.data == "identifier"]
        name = names[-1] if names else ""
        arguments = next((p for p in parts if isinstance(p, Tree) and p.data == "arguments"), None)
        args = [self._eval(a, line) for a in significant(arguments)] if arguments is not None else []
        if arguments is not None and any(isinstance(c, Token) and c.type == "ELLIPSIS" for c in arguments.children):
            return self._unknown(f"{name}(...) with expanded arguments is not evaluated", args)
        if name in ("file", "templatefile") and args:
            text = self.read_file(args[0])
            if name == "file" or not isinstance(text, str):
                return text
            bound = args[1] if len(args) > 1 and isinstance(args[1], dict) else {}
            value = Evaluator(self.scope, self.file, self.spans, self.read_file, bound).template(text, line)
            return self.spans.same_source(value, text)
        return functions.call(name, args, self.spans.meter)

    def _conditional(self, node: Tree[Token], parts: list[Node], line: int) -> Value:
        condition = self._eval(parts[0], line)
        flag = as_bool(condition)
        if flag is None and condition is None:
            flag = False
        if flag is True:
            return self._eval(parts[1], line)
        if flag is False:
            return self._eval(parts[2], line)
        return self._unknown("a condition only known at deploy time", condition, self._eval(parts[1], line),
                             self._eval(parts[2], line))

    def _binary(self, node: Tree[Token], parts: list[Node], line: int) -> Value:
        left = self._eval(parts[0], line)
        term = significant(parts[1]) if isinstance(parts[1], Tree) else []
        operator = token_text(term[0]).strip() if term else ""
        right = self._eval(term[1], line) if len(term) > 1 else None
        meter = self.spans.meter
        meter.charge(meter.size(left) + meter.size(right), f"{operator} at {self.file}:{line}")  # == walks both
        return functions.binary(operator, left, right)

    def _unary(self, node: Tree[Token], parts: list[Node], line: int) -> Value:
        operator = next((str(c) for c in node.children if isinstance(c, Token)), "")
        value = self._eval(parts[-1], line) if parts else None
        if operator == "!" and isinstance(as_bool(value), bool):
            return not as_bool(value)
        if operator == "-" and isinstance(value, int | float) and not isinstance(value, bool):
            return -value
        return self._unknown(f"{operator} of a value only known at deploy time", value)

    def _for(self, node: Tree[Token], parts: list[Node], line: int) -> Value:
        intro = next((p for p in parts if isinstance(p, Tree) and p.data == "for_intro"), None)
        names = [token_text(p) for p in significant(intro) if isinstance(p, Tree) and p.data == "identifier"] \
            if intro is not None else []
        inner = self.bind({n: Unknown(f"for expression variable {n}") for n in names})
        collection = [inner._eval(p, line) for p in significant(intro) if not (
            isinstance(p, Tree) and p.data == "identifier")] if intro is not None else []
        body = [inner._eval(p, line) for p in parts if p is not intro and not (
            isinstance(p, Tree) and p.data == "for_cond")]
        return self._unknown("for expression is not evaluated", collection, body)


def apply_steps(value: Value, steps: list[Step]) -> Value:
    for index, (kind, key) in enumerate(steps):
        if isinstance(value, Unknown):
            return value
        if kind == "splat":
            rest = steps[index + 1:]
            if isinstance(value, list):
                return [apply_steps(item, rest) for item in value]
            return value if value is None else [apply_steps(value, rest)]
        if isinstance(value, dict) and isinstance(key, str | int) and not isinstance(key, bool):
            value = value.get(str(key))
        elif isinstance(value, list) and isinstance(key, int) and not isinstance(key, bool):
            value = value[key] if -len(value) <= key < len(value) else None
        elif isinstance(value, list) and isinstance(key, str) and key.isdigit():
            value = value[int(key)] if int(key) < len(value) else None
        elif isinstance(value, Ref | Composite) or is_dynamic(key):
            return unknown("a value only known at deploy time", value, key)
        else:
            return None
    return value


def is_dynamic(value: Value) -> bool:
    return isinstance(value, Unknown | Ref | Composite)


_Handler: TypeAlias = Callable[[Evaluator, Tree[Token], list[Node], int], Value]


def _literal(ev: Evaluator, node: Tree[Token], parts: list[Node], line: int) -> Value:
    return {"true": True, "false": False, "null": None}.get(token_text(node).strip())


_HANDLERS: dict[str, _Handler] = {
    "int_lit": lambda ev, node, parts, line: functions.number_literal(str(parts[0])),
    "float_lit": lambda ev, node, parts, line: functions.number_literal(str(parts[0])),
    "literal_value": _literal,
    "string": lambda ev, node, parts, line: ev._string(node, line),
    "template_string": lambda ev, node, parts, line: Unknown("template string is not evaluated"),
    "heredoc_template": lambda ev, node, parts, line: ev._heredoc(parts[0], False)
    if parts and isinstance(parts[0], Token) else "",
    "heredoc_template_trim": lambda ev, node, parts, line: ev._heredoc(parts[0], True)
    if parts and isinstance(parts[0], Token) else "",
    "tuple": Evaluator._tuple,
    "object": Evaluator._object,
    "function_call": Evaluator._call,
    "conditional": Evaluator._conditional,
    "binary_op": Evaluator._binary,
    "unary_op": Evaluator._unary,
    "for_tuple_expr": Evaluator._for,
    "for_object_expr": Evaluator._for,
    "identifier": lambda ev, node, parts, line: ev._traversal(node, line),
    "get_attr_expr_term": lambda ev, node, parts, line: ev._traversal(node, line),
    "index_expr_term": lambda ev, node, parts, line: ev._traversal(node, line),
    "attr_splat_expr_term": lambda ev, node, parts, line: ev._traversal(node, line),
    "full_splat_expr_term": lambda ev, node, parts, line: ev._traversal(node, line),
    "expr_term": lambda ev, node, parts, line: ev._eval(parts[-2] if len(parts) > 1 else parts[0], line)
    if parts else None,
}
#: the kinds of expression that build a new value, and what an error calls them
_BUILDERS = {"tuple": "list", "object": "object", "function_call": "function call", "string": "string",
             "heredoc_template": "heredoc", "heredoc_template_trim": "heredoc", "binary_op": "expression",
             "attr_splat_expr_term": "splat expression", "full_splat_expr_term": "splat expression"}
