"""The model is a small kernel with views on it, one concept each.

The kernel is the graph itself: values and their source spans, resources, the typed relations
between them, and the graph's queries. Documents written inside properties (IAM policies,
OpenAPI bodies) are read by document modules that know nothing of the graph. Everything a rule
asks beyond that (state machines, APIs and stages, alarms, IAM judgements, scaling, runtimes...)
is a view: it reads the kernel and documents, and the kernel never reads a view, so a new view
can be added without touching the graph.
"""

from __future__ import annotations

import ast
from pathlib import Path

MODEL = Path(__file__).resolve().parent.parent / "src" / "slens" / "model"

KERNEL = frozenset({"values", "source", "resources", "relations", "graph"})
DOCUMENTS = frozenset({"iam", "openapi"})
#: reference data about AWS (what each IAM action does and applies to), read by documents and views
REFERENCE = frozenset({"iam_actions"})
VIEWS = frozenset({
    "access", "alarms", "apis", "asl", "buckets", "failures", "flows", "forwarding", "notifications", "rest_only",
    "roles", "runtimes", "scaling", "secrets", "service_roles", "stacks", "stages",
})


def _model_imports(name: str) -> set[str]:
    tree = ast.parse((MODEL / f"{name}.py").read_text())
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("slens.model."):
            found.add((node.module or "").split(".")[2])
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[2] for a in node.names if a.name.startswith("slens.model.")}
    return found


def test_every_model_module_is_kernel_document_or_view() -> None:
    modules = {p.stem for p in MODEL.glob("*.py")} - {"__init__"}
    assert modules - KERNEL - DOCUMENTS - REFERENCE - VIEWS == set(), \
        "place the new module in KERNEL, DOCUMENTS, REFERENCE or VIEWS"
    groups = (KERNEL, DOCUMENTS, REFERENCE, VIEWS)
    assert all(not (a & b) for i, a in enumerate(groups) for b in groups[i + 1:])


def test_kernel_reads_no_view() -> None:
    problems = {m: _model_imports(m) - KERNEL - DOCUMENTS - REFERENCE for m in KERNEL}
    assert not any(problems.values()), problems


def test_documents_know_nothing_of_the_graph() -> None:
    problems = {m: _model_imports(m) - {"values", "source", "resources", *REFERENCE} for m in DOCUMENTS}
    assert not any(problems.values()), problems


def test_reference_data_reads_only_values() -> None:
    problems = {m: _model_imports(m) - {"values"} for m in REFERENCE}
    assert not any(problems.values()), problems


def test_the_kernel_is_smaller_than_its_views() -> None:
    def lines(names: frozenset[str]) -> int:
        return sum(len((MODEL / f"{n}.py").read_text().splitlines()) for n in names)
    assert lines(KERNEL) < lines(VIEWS)
