"""Every state keeps its line: a finding about a state points at the state, wherever the
definition is written (an inline object, a JSON string or a ``Fn::Sub`` of one in a YAML block,
a SAM ``DefinitionUri`` file, the Serverless Framework step functions plugin)."""

from __future__ import annotations

from pathlib import Path

import pytest

from slens.engine import Rule, run_rules
from slens.loaders import Loaded, load_file
from slens.loaders.spans import json_spans
from slens.loaders.yamlparse import JsonBlock, parse_yaml
from slens.model.asl import parse_definition
from slens.rules import load_catalogue

_FUNCTION = ("  Worker:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: python3.12\n"
             "      Handler: app.handler\n      Role: arn:aws:iam::123456789012:role/w\n"
             "      Code: {ZipFile: 'def handler(e, c): return e'}\n")


def _rule(rule_id: str) -> Rule:
    rule = load_catalogue().get(rule_id)
    assert rule is not None
    return rule


def _findings(path: Path, rule_id: str) -> list[tuple[str, int | None]]:
    loaded = load_file(str(path), explicit=True)
    assert isinstance(loaded, Loaded) and loaded.graph is not None and not loaded.problems
    findings, errors = run_rules([_rule(rule_id)], loaded.graph, str(path))
    assert not errors
    return sorted((Path(f.span.file).name, f.span.line) for f in findings)


@pytest.mark.parametrize(("style", "arn"), [("|", "${Arn}"), ("!Sub |", "${Worker.Arn}")])
def test_a_json_string_definition_in_a_yaml_block_points_at_the_state(tmp_path: Path, style: str, arn: str) -> None:
    template = tmp_path / "t.yaml"
    template.write_text(
        "Resources:\n" + _FUNCTION +
        "  Flow:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n"
        "      RoleArn: arn:aws:iam::123456789012:role/flow\n"
        "      DefinitionSubstitutions:\n        Arn: !GetAtt Worker.Arn\n"
        f"      DefinitionString: {style}\n"
        "        {\n"
        '          "StartAt": "A",\n'
        '          "States": {\n'
        f'            "A": {{"Type": "Task", "Resource": "{arn}", "Next": "B",\n'
        '                  "Retry": [{"ErrorEquals": ["States.ALL"]}]},\n'
        f'            "B": {{"Type": "Task", "Resource": "{arn}", "End": true}}\n'
        "          }\n"
        "        }\n")
    assert _findings(template, "SFN301") == [("t.yaml", 21)]


def test_a_definition_uri_file_is_where_its_states_are(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "statemachine").mkdir()
    (tmp_path / "statemachine" / "flow.asl.json").write_text(
        '{\n  "StartAt": "Work",\n  "States": {\n    "Work": {"Type": "Task", "Resource": "${WorkerArn}", '
        '"End": true}\n  }\n}\n')
    (tmp_path / "template.yaml").write_text(
        "Transform: AWS::Serverless-2016-10-31\nResources:\n  Flow:\n    Type: AWS::Serverless::StateMachine\n"
        "    Properties:\n      DefinitionUri: statemachine/flow.asl.json\n      DefinitionSubstitutions:\n"
        "        WorkerArn: !GetAtt Worker.Arn\n      Policies: []\n  Worker:\n    Type: AWS::Serverless::Function\n"
        "    Properties: {Runtime: python3.12, Handler: app.handler, CodeUri: src/}\n")
    monkeypatch.chdir(tmp_path)
    assert _findings(Path("template.yaml"), "SFN302") == [("flow.asl.json", 4)]


def test_states_know_their_path_handlers_and_enclosing_states(tmp_path: Path) -> None:
    template = tmp_path / "t.yaml"
    template.write_text(
        "Resources:\n  Flow:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n"
        "      Definition:\n        StartAt: Fan\n        States:\n"
        "          Fan:\n            Type: Parallel\n            Branches:\n"
        "              - StartAt: Inner\n                States:\n                  Inner: {Type: Pass, End: true}\n"
        "            Catch: [{ErrorEquals: [States.ALL], Next: Notify}]\n            Next: Done\n"
        "          Notify: {Type: Pass, Next: Cleanup}\n          Cleanup: {Type: Fail}\n"
        "          Done: {Type: Succeed}\n")
    loaded = load_file(str(template), explicit=True)
    assert isinstance(loaded, Loaded) and loaded.graph is not None
    machine = loaded.graph.resources["Flow"]
    definition = parse_definition(machine)
    assert definition is not None
    states = {s.name: s for s in definition.states}
    assert states["Inner"].path == ("Definition", "States", "Fan", "Branches", 0, "States", "Inner")
    assert states["Inner"].enclosing == ("Fan",)
    assert machine.span_of(states["Inner"].path).line == 13
    assert {n for n, s in states.items() if s.handles_errors} == {"Notify", "Cleanup"}


def test_json_spans_follow_nesting_and_skip_placeholders() -> None:
    document, _ = parse_yaml('x: |\n  {"a": ${B},\n   "c": [{"d": "${E}"}, {"f": 1}]}\n')
    block = document["x"]
    assert isinstance(block, JsonBlock)
    spans = {path: (span.line, span.column) for path, span in json_spans(block, "f", ("x",))}
    assert spans == {("x", "a"): (2, 4), ("x", "c"): (3, 4), ("x", "c", 0, "d"): (3, 11), ("x", "c", 1, "f"): (3, 26)}


def test_text_that_is_no_json_gives_no_spans_and_no_error() -> None:
    document, _ = parse_yaml("x: |\n  {]]]} \"unterminated\n  }}}}\n")
    assert list(json_spans(document["x"], "f", ())) == []


def test_deep_nesting_is_bounded() -> None:
    document, _ = parse_yaml("x: |\n  " + '{"a": ' * 200 + "1" + "}" * 200 + "\n")
    assert len(list(json_spans(document["x"], "f", ()))) <= 64
