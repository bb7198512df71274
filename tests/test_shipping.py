"""slens in other people's tools: a real pre-commit run, a real plugin package, the CI recipes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data"
BAD_FUNCTION = (ROOT / "src/slens/rules/lambda_/examples/function_without_log_retention"
                / "fail_sam_no_log_group.yaml")
QUEUE = "Resources:\n  Jobs:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: jobs\n"


def _offline_env(**extra: str) -> dict[str, str]:
    """pip never reaches an index: slens's dependencies come from the interpreter running the tests
    (a fresh virtualenv or not), put on the path of the environments pre-commit and pip make.
    ``PIP_NO_BUILD_ISOLATION=0`` turns isolation *off* (pip reads the negated option that way), so
    the build uses that setuptools too."""
    site_dirs = [p for p in sys.path if p.endswith("site-packages")]
    return {**os.environ, "PIP_NO_INDEX": "1", "PIP_NO_BUILD_ISOLATION": "0",
            "PYTHONPATH": os.pathsep.join(site_dirs), "PIP_DISABLE_PIP_VERSION_CHECK": "1", **extra}


def test_plugin_package_rule_is_listed_and_fires(tmp_path: Path) -> None:
    target = tmp_path / "site"
    install = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                              "--no-build-isolation", "--target", str(target), str(DATA / "plugin")],
                             capture_output=True, text=True, env=_offline_env(), timeout=300)
    assert install.returncode == 0, install.stderr
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(target), *sys.path])}
    listing = subprocess.run([sys.executable, "-m", "slens", "rules", "--format", "json"],
                             capture_output=True, text=True, env=env, timeout=120)
    assert "ACME001" in {row["id"] for row in json.loads(listing.stdout)}
    (tmp_path / "queue.yaml").write_text(QUEUE)
    scan = subprocess.run([sys.executable, "-m", "slens", "scan", str(tmp_path / "queue.yaml"), "--format",
                           "json", "--select", "ACME001"], capture_output=True, text=True, env=env, timeout=120)
    findings = json.loads(scan.stdout)["findings"]
    assert [(f["rule_id"], f["line"]) for f in findings] == [("ACME001", 5)] and scan.returncode == 1


@pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git")
def test_pre_commit_hooks_run_for_real(tmp_path: Path) -> None:
    pytest.importorskip("pre_commit")
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert {h["id"] for h in hooks} == {"slens", "slens-project"}
    # pre-commit installs a repository from git: give it a snapshot of this working tree
    repo = tmp_path / "slens-repo"
    shutil.copytree(ROOT, repo, ignore=shutil.ignore_patterns(".git", "*.egg-info", "__pycache__", ".*_cache",
                                                               "build", "tests", ".venv", "benchmarks"))
    project = tmp_path / "project"
    project.mkdir()
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"]
    for folder in (repo, project):
        subprocess.run([*git, "init", "-q"], cwd=folder, check=True)
    subprocess.run([*git, "add", "."], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-qm", "snapshot"], cwd=repo, check=True)
    shutil.copy(BAD_FUNCTION, project / "template.yaml")
    (project / "notes.yaml").write_text("not: a template\n")
    subprocess.run([*git, "add", "."], cwd=project, check=True)
    env = _offline_env(PRE_COMMIT_HOME=str(tmp_path / "cache"))
    for hook in ("slens", "slens-project"):
        out = subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(repo), hook, "--all-files"],
                             cwd=project, capture_output=True, text=True, env=env, timeout=600)
        assert out.returncode == 1, out.stdout + out.stderr
        assert "Failed" in out.stdout and "LAM008" in out.stdout, out.stdout
    (project / "template.yaml").write_text(
        "Resources:\n  Events:\n    Type: AWS::SNS::Topic\n    Properties:\n      KmsMasterKeyId: alias/aws/sns\n")
    out = subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(repo), "slens", "--all-files"],
                         cwd=project, capture_output=True, text=True, env=env, timeout=600)
    assert out.returncode == 0 and "Passed" in out.stdout, out.stdout + out.stderr


def test_github_action_and_gitlab_recipe_are_wired() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    steps = " ".join(str(step.get("run", "")) for step in action["runs"]["steps"])
    assert "pip install" in steps and "--report" in steps and "sarif" in steps and "GITHUB_STEP_SUMMARY" in steps
    assert {"fail-on", "paths", "sarif-file"} <= set(action["inputs"])
    gitlab = yaml.safe_load((ROOT / "docs" / "ci" / "gitlab-ci.yml").read_text())
    job = next(iter(v for v in gitlab.values() if isinstance(v, dict) and "script" in v))
    assert {"codequality", "junit"} <= set(job["artifacts"]["reports"])
    readme = (ROOT / "README.md").read_text()
    assert "upload-sarif" in readme and "pre-commit" in readme and "codequality" in readme
