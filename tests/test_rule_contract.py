"""Rules read the model's views; they never parse a document themselves.

A state machine definition, an OpenAPI body or a JSON policy string is read once, by the model
(``slens.model.asl``, ``slens.model.openapi``, ``slens.model.failures``...), so that every rule sees
the same states, routes and failure paths and a new dialect only has to teach the model. This test
reads each rule's source and fails, naming file and line, on a rule that imports a parser, calls
one, or reaches into a document property.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

RULES = Path(__file__).resolve().parent.parent / "src" / "slens" / "rules"

#: modules that parse text
PARSERS = frozenset({"json", "yaml", "ast", "tomllib", "xml", "csv", "configparser", "hcl2", "ruamel"})
#: calls that parse text, whatever module they come from
PARSE_CALLS = frozenset({"loads", "load", "safe_load", "literal_eval", "fromstring", "parse_definition_text"})
#: properties that hold a whole document (ASL, OpenAPI) the model's views read
DOCUMENTS = frozenset({"Body", "BodyS3Location", "DefinitionBody", "Definition", "DefinitionString",
                       "DefinitionUri", "DefinitionS3Location", "DefinitionSubstitutions"})
#: calls that read a resource's properties
READERS = frozenset({"prop", "has", "str_prop", "int_prop", "bool_prop", "lookup"})


def _rule_files() -> list[Path]:
    """Every module of a rule area (``rules/<area>/*.py``); ``rules/__init__.py`` loads plugins."""
    return sorted(p for p in RULES.glob("*/*.py"))


def _first_key(call: ast.Call) -> str | None:
    """The first property name a reader call asks for: ``.prop("Body", ...)``, ``lookup(x, ("Body", ...))``."""
    args = call.args[1:] if isinstance(call.func, ast.Name) else call.args
    for arg in args:
        if isinstance(arg, ast.Tuple) and arg.elts:
            arg = arg.elts[0]
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            return arg.value
        if isinstance(arg, ast.Attribute) and arg.attr == "properties":
            continue  # lookup(resource.properties, (...)): the key follows
        return None
    return None


def offences(source: str) -> Iterator[tuple[int, str]]:
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            for name in names:
                if name.split(".")[0] in PARSERS:
                    yield node.lineno, f"imports the parser {name}"
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if name in PARSE_CALLS:
                yield node.lineno, f"calls {name}()"
            elif name in READERS and (key := _first_key(node)) in DOCUMENTS:
                yield node.lineno, f"reads the document property {key} (ask the model's view instead)"
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and \
                node.value.startswith("x-amazon-apigateway-") and "\n" not in node.value:
            yield node.lineno, f"reads the OpenAPI extension {node.value} (ask slens.model.openapi)"


@pytest.mark.parametrize("path", _rule_files(), ids=lambda p: str(p.relative_to(RULES)))
def test_rule_parses_no_document(path: Path) -> None:
    found = [f"{path.relative_to(RULES)}:{line}: {what}" for line, what in offences(path.read_text())]
    assert not found, "\n".join(found)


@pytest.mark.parametrize(("source", "expected"), [
    ("import json\n", "imports the parser json"),
    ("from yaml import safe_load\n", "imports the parser yaml"),
    ("x = policy.loads(text)\n", "calls loads()"),
    ("x = resource.prop('DefinitionString')\n", "reads the document property DefinitionString"),
    ("x = resource.has('BodyS3Location')\n", "reads the document property BodyS3Location"),
    ("x = lookup(api.properties, ('Body', 'paths'))\n", "reads the document property Body"),
    ("x = 'x-amazon-apigateway-integration' in op\n", "reads the OpenAPI extension"),
])
def test_contract_catches(source: str, expected: str) -> None:
    assert any(expected in what for _, what in offences(source))


def test_contract_allows_views_and_anchors() -> None:
    source = ("definition = parse_definition(resource)\n"
              "yield self.violation(api, 'm', 'Body', 'paths', path)\n"
              "x = resource.prop('TracingConfig', 'Mode')\n"
              "'''Docs may name x-amazon-apigateway-integration\nacross lines.'''\n")
    assert not list(offences(source))
