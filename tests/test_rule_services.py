"""Rule ``services`` come from one enum: a string fails the catalogue, the index lists each service once."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from slens.docs import render_index
from slens.engine import CatalogueError, Rule, RuleCatalogue, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource
from slens.rules import load_catalogue

ROOT = Path(__file__).resolve().parent.parent


class _Probe(Rule):
    """Probe rule

    ## What it does
    x
    ## Why it matters
    x
    ## How to fix
    x
    ## When to ignore
    x
    """

    id = "TST901"
    name = "probe"
    severity = Severity.LOW
    practice = Practices.OPS1_TRACING
    services = (Service.LAMBDA,)
    resource_types = ("AWS::Lambda::Function",)
    fix = {"SAM": "x", "CloudFormation": "x"}

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        return iter(())


def _with_services(services: object) -> Rule:
    cls = type("StringServices", (_Probe,), {"services": services, "__doc__": _Probe.__doc__})
    rule: Rule = cls()
    return rule


def test_a_rule_with_enum_services_is_accepted() -> None:
    assert len(RuleCatalogue([_Probe()])) == 1


@pytest.mark.parametrize("services", [("lambda",), (Service.LAMBDA, "events"), (), "lambda", [Service.LAMBDA]])
def test_a_rule_whose_services_are_not_service_members_fails_the_catalogue_naming_it(services: object) -> None:
    with pytest.raises(CatalogueError, match=r"StringServices: services must be a non-empty tuple of Service"):
        RuleCatalogue([_with_services(services)])


def test_every_built_in_rule_names_its_services_from_the_enum() -> None:
    for rule in load_catalogue():
        assert rule.services and all(isinstance(s, Service) for s in rule.services), rule.id


def test_service_values_are_unique_lower_case_names() -> None:
    values = [s.value for s in Service]
    assert len(values) == len(set(values))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", v) for v in values)
    # the merged aliases must not come back as their own groups
    assert not {"events", "states"} & set(values)


def test_the_index_lists_every_service_of_the_catalogue_exactly_once() -> None:
    catalogue = load_catalogue()
    index = render_index(catalogue)
    headings = re.findall(r"^### (\S+)$", index.split("## By service", 1)[1], re.M)
    used = {s.value for rule in catalogue for s in rule.services}
    assert sorted(headings) == headings
    assert len(headings) == len(set(headings))
    assert set(headings) == used
    assert (ROOT / "docs" / "rules" / "index.md").read_text() == index


def test_every_enum_member_is_used_by_a_built_in_rule() -> None:
    used = {s for rule in load_catalogue() for s in rule.services}
    assert set(Service) == used, set(Service) - used
