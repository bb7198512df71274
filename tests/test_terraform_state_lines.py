"""Every state of a Terraform state machine keeps its line, however the definition is written:
a heredoc (``<<EOF``, ``<<-EOT``, with ``${...}`` interpolations), ``jsonencode({...})``,
``templatefile()`` or ``file()`` of an ASL file (the finding is in that file), a heredoc in a local
that several machines share. Fixtures: tests/data/terraform_state_lines."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from slens.engine import run_rules
from slens.loaders import Loaded
from slens.loaders.spans import json_spans
from slens.loaders.terraform import load_module, load_module_stats
from slens.loaders.yamlparse import JsonBlock
from slens.rules import load_catalogue

DATA = Path(__file__).resolve().parent / "data" / "terraform_state_lines"


def _findings(loaded: Loaded, rule_id: str) -> dict[str, list[tuple[str, int | None, int | None]]]:
    """state name (the message's) -> [(file, line, column)] of the rule's findings."""
    rule = load_catalogue().get(rule_id)
    assert rule is not None and loaded.graph is not None, loaded.problems
    findings, errors = run_rules([rule], loaded.graph, loaded.file)
    assert not errors
    out: dict[str, list[tuple[str, int | None, int | None]]] = {}
    for finding in findings:
        state = finding.message.split("task ", 1)[1].split(" ", 1)[0]
        out.setdefault(state, []).append((os.path.basename(finding.span.file), finding.span.line,
                                          finding.span.column))
    return out


@pytest.fixture(scope="module")
def fixture_findings() -> dict[str, list[tuple[str, int | None, int | None]]]:
    files = [str(DATA / "main.tf")]
    loaded, _ = load_module_stats(files, {files[0]: "terraform_state_lines/main.tf"}, project_root=str(DATA))
    assert not loaded.problems
    return _findings(loaded, "SFN301")


def test_heredoc_states_are_at_their_keys(fixture_findings: dict[str, list[tuple[str, int | None, int | None]]],
                                          ) -> None:
    # interpolations holding quotes, commas and braces, and one over two lines, do not shift the keys after them
    assert fixture_findings["HeredocA"] == [("main.tf", 21, 5)]
    assert fixture_findings["HeredocB"] == [("main.tf", 26, 5)]
    assert fixture_findings["HeredocC"] == [("main.tf", 28, 5)]


def test_an_indented_heredoc_keeps_the_columns_as_written(
        fixture_findings: dict[str, list[tuple[str, int | None, int | None]]]) -> None:
    assert fixture_findings["IndentedA"] == [("main.tf", 41, 9)]


def test_jsonencode_states_are_at_their_attributes(
        fixture_findings: dict[str, list[tuple[str, int | None, int | None]]]) -> None:
    assert fixture_findings["EncodedA"] == [("main.tf", 53, 7)]


def test_templatefile_and_file_states_are_in_the_asl_file(
        fixture_findings: dict[str, list[tuple[str, int | None, int | None]]]) -> None:
    assert fixture_findings["TemplatedA"] == [("templated.asl.json", 4, 5)]
    assert fixture_findings["FiledA"] == [("filed.asl.json", 4, 5)]


def test_a_heredoc_in_a_local_is_where_every_machine_that_uses_it_has_its_states(
        fixture_findings: dict[str, list[tuple[str, int | None, int | None]]]) -> None:
    assert fixture_findings["SharedA"] == [("main.tf", 77, 3), ("main.tf", 77, 3)]


def test_states_an_interpolation_renders_are_at_the_key_that_holds_them(
        fixture_findings: dict[str, list[tuple[str, int | None, int | None]]]) -> None:
    assert fixture_findings["RenderedA"] == [("main.tf", 104, 3)]


def test_a_heredoc_that_is_no_json_stays_a_string(tmp_path: Path) -> None:
    path = tmp_path / "main.tf"
    path.write_text('resource "aws_sfn_state_machine" "m" {\n  role_arn = "r"\n  definition = <<EOF\n'
                    'StartAt: A\nStates: {A: {Type: Pass, End: true}}\nEOF\n}\n')
    loaded = load_module([str(path)], {str(path): "main.tf"})
    assert loaded.graph is not None
    machine = loaded.graph.resources["aws_sfn_state_machine.m"]
    assert isinstance(machine.properties["DefinitionString"], str) and "Definition" not in machine.properties
    assert machine.span_of(("DefinitionString",)).line == 3


def test_a_policy_heredoc_gives_its_keys_lines_too(tmp_path: Path) -> None:
    path = tmp_path / "main.tf"
    path.write_text('resource "aws_sqs_queue" "q" {\n  redrive_policy = <<-EOF\n    {\n'
                    '      "deadLetterTargetArn": "arn:aws:sqs:us-east-1:123456789012:dlq",\n'
                    '      "maxReceiveCount": 500\n    }\n  EOF\n}\n')
    loaded = load_module([str(path)], {str(path): "main.tf"})
    assert loaded.graph is not None
    queue = loaded.graph.resources["aws_sqs_queue.q"]
    assert queue.properties["RedrivePolicy"] == {"deadLetterTargetArn": "arn:aws:sqs:us-east-1:123456789012:dlq",
                                                 "maxReceiveCount": 500}
    span = queue.span_of(("RedrivePolicy", "maxReceiveCount"))
    assert (span.file, span.line, span.column) == ("main.tf", 5, 7)


def _block(text: str) -> JsonBlock:
    block = JsonBlock(text)
    block.line, block.indent = 1, 0
    return block


def test_json_spans_skip_template_interpolations_inside_strings() -> None:
    block = _block('{"a": "${f("x,y", "}")}", "b": "${\n  g()}", "c": 1}')
    spans = {path: (span.line, span.column) for path, span in json_spans(block, "f", ())}
    assert spans == {("a",): (1, 2), ("b",): (1, 27), ("c",): (2, 10)}


def test_an_unclosed_interpolation_ends_the_spans_quietly() -> None:
    assert [p for p, _ in json_spans(_block('{"a": 1, "b": "${oops, "c": 2}'), "f", ())] == [("a",), ("b",)]


def test_a_suppression_on_the_resource_covers_its_states_in_an_included_file(tmp_path: Path) -> None:
    """The state's finding is in templated.asl.json; the comment on the resource's line in main.tf still
    covers it (and is no unused suppression), as it covers the resource's findings in main.tf."""
    import shutil

    from slens.rules import load_catalogue
    from slens.scan import ScanOptions, scan

    folder = tmp_path / "tf"
    shutil.copytree(Path(__file__).resolve().parent / "data" / "terraform_state_lines", folder)
    main = folder / "main.tf"
    text = main.read_text()
    marker = 'resource "aws_sfn_state_machine" "templated" {'
    main.write_text(text.replace(marker, "# slens: ignore[SFN301] the task is idempotent and retried upstream\n"
                                 + marker))
    result = scan([str(folder)], load_catalogue(), ScanOptions(fail_on=None))
    suppressed = [s.finding for s in result.suppressed if s.finding.rule.id == "SFN301"]
    assert [Path(f.span.file).name for f in suppressed] == ["templated.asl.json"]
    assert suppressed[0].resource_file is not None and Path(suppressed[0].resource_file).name == "main.tf"
    assert not [f for f in result.findings if f.rule.id in ("SLN001",) or
                (f.rule.id == "SFN301" and Path(f.span.file).name == "templated.asl.json")]
