"""What a serverless.yml includes with ``${file(...)}`` is reported in the file it is written in, at
its own lines: a YAML piece (``stepFunctions: ${file(sfn.yml)}``, ``resources``), a JSON file
(``definition: ${file(./state-machine.asl.json)}``, ``${file(x.json):key}``, ``resources``), and
what a piece takes from the service file with ``${self:...}`` stays at the service file.
Fixtures: tests/data/serverless_includes."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from slens.engine import run_rules
from slens.loaders import Loaded, load_file
from slens.rules import load_catalogue
from slens.scan import scan

DATA = Path(__file__).resolve().parent / "data" / "serverless_includes"

Where = tuple[str, int | None, int | None]


def _states(loaded: Loaded, rule_id: str = "SFN301") -> dict[str, list[Where]]:
    """state name (the message's) -> [(file, line, column)] of the rule's findings."""
    rule = load_catalogue().get(rule_id)
    assert rule is not None and loaded.graph is not None, loaded.problems
    findings, errors = run_rules([rule], loaded.graph, loaded.file)
    assert not errors
    out: dict[str, list[Where]] = {}
    for finding in findings:
        state = finding.message.split("task ", 1)[1].split(" ", 1)[0]
        out.setdefault(state, []).append((os.path.basename(finding.span.file), finding.span.line, finding.span.column))
    return out


@pytest.fixture(scope="module")
def states() -> dict[str, list[Where]]:
    loaded = load_file(str(DATA / "serverless.yml"), name="serverless_includes/serverless.yml")
    assert isinstance(loaded, Loaded) and not loaded.problems, loaded.problems
    return _states(loaded)


def test_a_definition_in_a_yaml_piece_is_in_that_piece(states: dict[str, list[Where]]) -> None:
    assert states["YamlA"] == [("sfn.yml", 6, 9)]
    assert states["AslYamlA"] == [("flow.asl.yml", 3, 3)]  # definition: ${file(./flow.asl.yml)}


def test_a_json_definition_is_in_the_json_file(states: dict[str, list[Where]]) -> None:
    assert states["JsonA"] == [("state-machine.asl.json", 4, 5)]
    assert states["KeyedA"] == [("machines.json", 6, 7)]  # ${file(./machines.json):second}


def test_included_resources_are_in_their_file(states: dict[str, list[Where]]) -> None:
    assert states["RawYamlA"] == [("resources.yml", 9, 11)]
    assert states["RawJsonA"] == [("resources.json", 10, 13)]


def test_what_a_piece_takes_from_the_service_file_stays_there(states: dict[str, list[Where]]) -> None:
    assert states["ServiceA"] == [("serverless.yml", 12, 7)]  # definition: ${self:custom.fromService}
    assert states["ServiceRawA"] == [("serverless.yml", 19, 7)]  # resources.yml: Definition: ${self:...}


def test_the_included_file_is_named_as_the_service_is(states: dict[str, list[Where]]) -> None:
    loaded = load_file(str(DATA / "serverless.yml"), name="serverless_includes/serverless.yml")
    assert isinstance(loaded, Loaded) and loaded.graph is not None
    machine = loaded.graph.resources["FromJsonStepFunctionsStateMachine"]
    span = machine.span_of(("Definition", "States", "JsonA"))
    assert span.file == "serverless_includes/state-machine.asl.json"


def test_a_comment_in_a_piece_suppresses_the_finding_there() -> None:
    result = scan([str(DATA)], load_catalogue())
    assert not result.errors
    suppressed = [(s.finding.rule.id, os.path.basename(s.finding.span.file), s.finding.span.line)
                  for s in result.suppressed]
    assert ("SFN301", "sfn.yml", 11) in suppressed  # YamlB:  # slens: ignore[SFN301] ...
    assert not [f for f in result.findings if f.rule.id == "SLN001"]
    assert {os.path.basename(f.span.file) for f in result.findings if f.rule.id == "SFN301"} == {
        "sfn.yml", "state-machine.asl.json", "machines.json", "flow.asl.yml", "resources.yml", "resources.json",
        "serverless.yml"}


def test_json_that_yaml_reads_otherwise_keeps_its_values_without_lines(tmp_path: Path) -> None:
    for name in ("serverless.yml", "sfn.yml", "machines.json", "flow.asl.yml", "resources.yml", "resources.json"):
        shutil.copy(DATA / name, tmp_path / name)
    # a surrogate pair is JSON but not YAML: the document is read, its states point at the definition line
    text = (DATA / "state-machine.asl.json").read_text()
    (tmp_path / "state-machine.asl.json").write_text(text.replace('"End"', '"Comment": "\\ud83d\\ude00", "End"'))
    loaded = load_file(str(tmp_path / "serverless.yml"), name="serverless.yml")
    assert isinstance(loaded, Loaded) and not loaded.problems
    assert loaded.graph is not None
    machine = loaded.graph.resources["FromJsonStepFunctionsStateMachine"]
    assert machine.prop("Definition", "States", "JsonA", "Comment") == "\U0001F600"
    assert _states(loaded)["JsonA"] == [("sfn.yml", 16, 3)]
