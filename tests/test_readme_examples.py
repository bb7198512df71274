"""Every example in README.md and docs/ is run, so none of them can silently stop working.

The two shell blocks of the quick start are run by ``.ci/run`` itself (test_quality checks that);
everything else is run here: the configuration is loaded and used for a scan, the suppression
example is scanned, the CI recipes' commands are executed against the bundled examples.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()
BLOCK = re.compile(r"```(\w+)\n(.*?)```", re.S)
#: where ``slens`` is installed for the interpreter running the tests (a venv's bin, usually)
BIN = str(Path(sys.executable).parent)


def _blocks(language: str, text: str = README) -> list[str]:
    return [body for lang, body in BLOCK.findall(text) if lang == language]


def _yaml_block(first_key: str) -> str:
    return next(b for b in _blocks("yaml") if b.startswith(f"{first_key}:"))


def _slens(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "PATH": BIN + os.pathsep + os.environ.get("PATH", "")}
    return subprocess.run([sys.executable, "-m", "slens", *args], cwd=cwd, capture_output=True, text=True,
                          env=env, timeout=300)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    return tmp_path


def test_configuration_example_is_accepted_and_used(project: Path) -> None:
    (block,) = _blocks("toml")
    (project / "pyproject.toml").write_text(block)
    shown = _slens("config", cwd=project)
    assert shown.returncode == 0, shown.stderr
    assert "LAM202" in shown.stdout and "max_services" in shown.stdout
    out = _slens("scan", "examples", "--format", "json", cwd=project)
    assert out.returncode in (0, 1), out.stderr
    report = json.loads(out.stdout)
    assert not [e for e in report["errors"] if e["kind"] == "config"], report["errors"]
    assert report["summary"]["fail_on"] == "high"
    assert "LAM002" not in {f["rule_id"] for f in report["findings"]}
    assert json.loads((project / "slens.sarif").read_text())["version"] == "2.1.0"


def test_suppression_example_suppresses_what_it_says(tmp_path: Path) -> None:
    (tmp_path / "template.yaml").write_text(_yaml_block("Transform"))
    out = _slens("scan", "template.yaml", "--include-suppressed", "--format", "json", cwd=tmp_path)
    report = json.loads(out.stdout)
    assert report["errors"] == []
    assert {(s["rule_id"], s["suppression"]["source"]) for s in report["suppressed"]} == {
        ("LAM001", "template metadata"), ("LAM004", "inline comment")}
    assert not {"SLN001", "SLN002"} & {f["rule_id"] for f in report["findings"]}, "an example waiver is unused"


def test_json_example_has_the_real_document_shape(project: Path) -> None:
    (block,) = _blocks("json")
    example = json.loads(block.replace('"…"', '""').replace("…", ""))
    (project / "broken.yaml").write_text("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n  bad: [\n")
    real = json.loads(_slens("scan", "examples", "broken.yaml", "--format", "json", cwd=project).stdout)
    assert set(example) == set(real)
    assert set(example["summary"]) == set(real["summary"])
    assert set(example["findings"][0]) == set(real["findings"][0])
    assert set(example["errors"][0]) == set(real["errors"][0])
    assert example["summary"]["rules"] == real["summary"]["rules"]


def test_sample_output_is_what_slens_prints() -> None:
    sample = _blocks("text")[0].splitlines()
    assert sample[0].startswith("$ slens scan ")
    out = _slens(*sample[0][2:].split()[1:], cwd=ROOT)
    printed = [line.rstrip() for line in out.stdout.splitlines()]
    missing = [line for line in sample[1:] if line.strip() != "..." and line.rstrip() not in printed]
    assert not missing, missing


def test_usage_lists_every_scan_flag_and_no_other() -> None:
    usage = _blocks("text")[1]
    documented = set(re.findall(r"(?<![\w-])--[a-z][a-z-]+", usage))
    helped = set(re.findall(r"(?<![\w-])--[a-z][a-z-]+", _slens("scan", "--help", cwd=ROOT).stdout)) - {"--help"}
    for command in ("rules", "rule", "config", "review"):
        helped |= set(re.findall(r"(?<![\w-])--[a-z][a-z-]+", _slens(command, "--help", cwd=ROOT).stdout))
    assert documented == helped - {"--help"}


@pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git")
def test_pre_commit_example_is_a_valid_configuration_naming_real_hooks(tmp_path: Path) -> None:
    pytest.importorskip("pre_commit")
    config = tmp_path / ".pre-commit-config.yaml"
    config.write_text(_yaml_block("repos"))
    out = subprocess.run([sys.executable, "-m", "pre_commit", "validate-config", str(config)],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    hooks = {h["id"] for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    named = re.findall(r"id: ([\w-]+)", _yaml_block("repos"))
    assert named and set(named) <= hooks


def test_github_workflow_example_runs_the_action_script(project: Path) -> None:
    workflow = yaml.safe_load(_yaml_block("jobs"))
    steps = workflow["jobs"]["slens"]["steps"]
    step = next(s for s in steps if s.get("uses", "").startswith("slens-dev/slens@"))
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    assert set(step["with"]) <= set(action["inputs"])
    upload = next(s for s in steps if "upload-sarif" in s.get("uses", ""))
    assert upload["with"]["sarif_file"] == step["with"]["sarif-file"]
    # the action's review step, as the runner would run it with the example's inputs
    review = next(s for s in action["runs"]["steps"] if s.get("name") == "Review templates")
    inputs = {**{k: str(v.get("default", "")) for k, v in action["inputs"].items()}, **step["with"],
              "paths": "examples"}
    env = {**os.environ, "PATH": BIN + os.pathsep + os.environ.get("PATH", ""),
           "GITHUB_STEP_SUMMARY": str(project / "summary.md")}
    env.update({name: re.sub(r"\$\{\{ inputs\.([\w-]+) \}\}", lambda m: inputs[m[1]], value)
                for name, value in review["env"].items()})
    out = subprocess.run(["bash", "-c", review["run"]], cwd=project, env=env, capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 1, out.stderr  # the examples have medium findings: the step fails
    assert "::error file=examples/" in out.stdout or "::warning file=examples/" in out.stdout
    assert json.loads((project / step["with"]["sarif-file"]).read_text())["runs"][0]["results"]
    assert "findings at or above medium" in (project / "summary.md").read_text()


@pytest.mark.parametrize("recipe", ["README.md", "docs/ci/gitlab-ci.yml"])
def test_gitlab_recipe_installs_from_a_release_archive_and_writes_its_reports(project: Path, recipe: str) -> None:
    text = (ROOT / recipe).read_text()
    job = yaml.safe_load(_yaml_block("slens") if recipe == "README.md" else text)["slens"]
    install, *commands = job["script"]
    archive = re.fullmatch(r"python -m pip install (https://\S+/v([\d.]+)\.tar\.gz)", install)
    assert archive, install
    # the archive as a forge makes it for a tag (one top folder), installed the way the recipe does;
    # the dependencies are already here, and nothing is fetched
    tarball = project / "release.tar.gz"
    with tarfile.open(tarball, "w:gz") as tar:
        for path in ("pyproject.toml", "README.md", "src"):
            tar.add(ROOT / path, arcname=f"slens-{archive[2]}/{path}",
                    filter=lambda info: None if "__pycache__" in info.name else info)
    target = project / "site"
    pip = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
                          "--no-build-isolation", "--target", str(target), str(tarball)],
                         capture_output=True, text=True, timeout=300)
    assert pip.returncode == 0, pip.stderr
    assert (target / "slens" / "rules").is_dir()
    env = {**os.environ, "PATH": BIN + os.pathsep + os.environ.get("PATH", "")}
    for command in commands:
        out = subprocess.run(["bash", "-c", command.replace("slens scan .", "slens scan examples")], cwd=project,
                             env=env, capture_output=True, text=True, timeout=300)
        assert out.returncode == 1, out.stderr  # findings at medium and above fail the job
    for path in job["artifacts"]["reports"].values():
        assert (project / path).is_file(), path
    assert json.loads((project / job["artifacts"]["reports"]["codequality"]).read_text())
    assert ElementTree.parse(project / job["artifacts"]["reports"]["junit"]).getroot().tag == "testsuites"


def test_writing_a_rule_entry_point_example_is_the_plugin_tests_form() -> None:
    (block,) = _blocks("toml", (ROOT / "docs" / "writing-a-rule.md").read_text())
    example = tomllib.loads(block)["project"]["entry-points"]["slens.rules"]
    plugin = tomllib.loads((ROOT / "tests" / "data" / "plugin" / "pyproject.toml").read_text())
    assert set(plugin["project"]["entry-points"]) == {"slens.rules"}
    assert all(re.fullmatch(r"[\w.]+(:\w+)?", target) for target in example.values())
