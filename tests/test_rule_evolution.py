"""Rules that can evolve (issue 15, item 5): a renamed rule keeps working under its former id and
name everywhere a user names it, with a renamed-rule notice, and its fingerprints do not change."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import slens.rules
from slens.cli import main
from slens.docs import render_rule
from slens.engine import Finding, Rule, RuleCatalogue
from slens.engine.catalogue import CatalogueError, validate
from slens.model import SourceSpan
from slens.rules import load_catalogue

FUNCTION = """\
Transform: AWS::Serverless-2016-10-31
Resources:
  Orders:{comment}
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: src/
      MemorySize: 512
      Timeout: 10
"""

ORIGINAL = load_catalogue().get("LAM001")
assert ORIGINAL is not None and ORIGINAL.name == "function-without-tracing"


class _Renamed(type(ORIGINAL)):  # type: ignore[misc]
    __doc__ = type(ORIGINAL).__doc__
    id = "LAM901"
    name = "lambda-without-tracing"
    aliases = ("LAM001", "function-without-tracing")


def _renamed_catalogue() -> RuleCatalogue:
    return RuleCatalogue([_Renamed() if r.id == "LAM001" else r for r in load_catalogue()])


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "template.yaml").write_text(FUNCTION.format(comment=""))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _rename(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(slens.rules, "load_catalogue", _renamed_catalogue)


def _scan(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    code = main(["scan", "--format", "json", "--fail-on", "never", "--no-cache", "--jobs", "1", *args])
    assert code == 0, capsys.readouterr().err
    document: dict[str, Any] = json.loads(capsys.readouterr().out)
    return document


def _ids(document: dict[str, Any]) -> set[str]:
    return {f["rule_id"] for f in document["findings"]}


def _renamed_notices(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [n for n in document["notices"] if n["kind"] == "renamed-rule"]


def _one_notice(document: dict[str, Any], file: str) -> dict[str, Any]:
    notices = _renamed_notices(document)
    assert len(notices) == 1, notices
    notice = notices[0]
    assert notice["file"] == file
    assert "LAM001" in notice["message"] and "name LAM901 instead" in notice["message"]
    assert "\n" not in notice["message"]
    return notice


def test_the_scan_without_renamed_rules_has_no_notice(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = _scan(capsys)
    assert "LAM001" in _ids(document) and _renamed_notices(document) == []


@pytest.mark.parametrize("key", ["LAM001", "lam001", "function-without-tracing"])
def test_select_by_former_id_or_name(project: Path, capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch, key: str) -> None:
    _rename(monkeypatch)
    document = _scan(capsys, "--select", key)
    assert _ids(document) == {"LAM901"}
    notice = _renamed_notices(document)
    assert len(notice) == 1 and notice[0]["file"] == "command line" and "name LAM901 instead" in notice[0]["message"]


def test_the_current_id_gives_no_notice(project: Path, capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    _rename(monkeypatch)
    document = _scan(capsys, "--select", "LAM901")
    assert _ids(document) == {"LAM901"} and _renamed_notices(document) == []


def test_config_ignore_severity_and_options_by_former_id(project: Path, capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    _rename(monkeypatch)
    (project / ".slens.toml").write_text('ignore = ["LAM001"]\n')
    document = _scan(capsys)
    assert "LAM901" not in _ids(document) and _ids(document)
    _one_notice(document, str(project / ".slens.toml"))

    (project / ".slens.toml").write_text('[severity]\nLAM001 = "critical"\n')
    document = _scan(capsys)
    assert {f["severity"] for f in document["findings"] if f["rule_id"] == "LAM901"} == {"critical"}
    _one_notice(document, str(project / ".slens.toml"))


def test_inline_suppression_by_former_id(project: Path, capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    _rename(monkeypatch)
    (project / "template.yaml").write_text(FUNCTION.format(comment="  # slens: ignore[LAM001] traced by the SDK"))
    document = _scan(capsys, "--include-suppressed")
    assert "LAM901" not in _ids(document)
    assert not {"SLN001", "SLN002"} & _ids(document)  # the suppression is used, not reported unused
    assert "LAM901" in {s["rule_id"] for s in document["suppressed"]}
    notice = _one_notice(document, "template.yaml")
    assert notice["line"] == 3


def test_configuration_suppression_by_former_name(project: Path, capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    _rename(monkeypatch)
    (project / ".slens.toml").write_text('[[suppress]]\nid = "function-without-tracing"\nreason = "traced"\n')
    document = _scan(capsys)
    assert "LAM901" not in _ids(document) and not {"SLN001", "SLN002"} & _ids(document)
    notices = _renamed_notices(document)
    assert len(notices) == 1 and "function-without-tracing" in notices[0]["message"]
    assert "LAM901" in notices[0]["message"]


def test_baseline_written_before_the_rename(project: Path, capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    before = _scan(capsys, "--write-baseline", "baseline.json")
    assert "LAM001" in _ids(before)
    _rename(monkeypatch)
    after = _scan(capsys, "--baseline", "baseline.json")
    assert "LAM901" not in _ids(after), "a finding of the renamed rule is still recorded in the old baseline"
    assert after["findings"] == []
    _one_notice(after, "baseline.json")
    # the fingerprints are the ones of before the rename
    fresh = _scan(capsys)
    assert {f["fingerprint"] for f in fresh["findings"]} == {f["fingerprint"] for f in before["findings"]}


def test_fingerprint_hashes_the_first_id() -> None:
    span = SourceSpan("template.yaml", 3)

    def finding(rule: Rule) -> Finding:
        return Finding(rule, rule.severity, "Orders", "AWS::Lambda::Function", None, span, ("TracingConfig",),
                       "m")

    assert ORIGINAL is not None
    assert finding(_Renamed()).fingerprint == finding(ORIGINAL).fingerprint
    assert _Renamed().fingerprint_id == "LAM001" and ORIGINAL.fingerprint_id == "LAM001"

    class Twice(_Renamed):
        id = "LAM902"
        aliases = ("LAM001", "function-without-tracing", "LAM901", "lambda-without-tracing")

    assert finding(Twice()).fingerprint == finding(ORIGINAL).fingerprint


def _problems(*rules: Rule) -> list[str]:
    return list(validate([*load_catalogue(), *rules]))


def test_catalogue_rejects_clashing_aliases() -> None:
    class Clash(_Renamed):
        aliases = ("LAM002",)  # another rule's id

    class ClashName(_Renamed):
        aliases = ("function-without-tracing",)  # another rule's name (LAM001 is still in)

    class Neither(_Renamed):
        aliases = ("not an id",)

    assert any("alias LAM002 is the id or name of a rule" in p for p in _problems(Clash()))
    assert any("alias function-without-tracing is the id or name" in p for p in _problems(ClashName()))
    assert any("neither an id" in p for p in _problems(Neither()))

    class Other(_Renamed):
        id = "LAM902"
        name = "another-renamed-rule"

    catalogue = [_Renamed() if r.id == "LAM001" else r for r in load_catalogue()]
    problems = list(validate([*catalogue, Other()]))
    assert any("alias LAM001 is already an alias of" in p for p in problems), problems
    with pytest.raises(CatalogueError, match="already an alias"):
        RuleCatalogue([*catalogue, Other()])
    assert list(validate(catalogue)) == []


def test_since_must_be_a_version() -> None:
    class Bad(_Renamed):
        aliases = ()
        since = "soon"

    assert any("since 'soon' is not a release number" in p for p in _problems(Bad()))
    assert {r.since for r in load_catalogue()} == {"0.1.0"}


def test_lookup_by_alias() -> None:
    catalogue = _renamed_catalogue()
    for key in ("LAM001", "lam001", "function-without-tracing", "LAM901", "lambda-without-tracing"):
        rule = catalogue.get(key)
        assert rule is not None and rule.id == "LAM901", key
    assert catalogue.renamed_to("LAM901") is None
    assert catalogue.renamed_to("lam001") is not None
    assert catalogue.unknown(["LAM001", "ZZZ999"]) == ["ZZZ999"]


def test_docs_show_references() -> None:
    page = render_rule(_Renamed())
    references = page.split("## References", 1)[1]
    assert "`ops_ops_q1_a3`" in references and "OPS1" in references
    assert "- Since slens 0.1.0" in references
    assert "- Formerly `LAM001`, `function-without-tracing`" in references
    assert "checkov:CKV_AWS_50" in references
    for rule in load_catalogue():
        page = render_rule(rule)
        assert "\n## References\n" in page and f"`{rule.practice.choice_id}`" in page.split("## References")[1]
        assert "Formerly" not in page
