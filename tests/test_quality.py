"""ruff and mypy --strict are part of the test run, so CI fails when either does."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_is_clean() -> None:
    out = _run("ruff", "check", "src", "tests", "tools", "benchmarks")
    assert out.returncode == 0, out.stdout + out.stderr


def test_mypy_strict_is_clean() -> None:
    out = _run("mypy")
    assert out.returncode == 0, out.stdout + out.stderr


def test_ci_runs_the_readme_commands_in_a_fresh_virtualenv() -> None:
    """CI is a newcomer: both README commands verbatim, newest and lowest dependency versions."""
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    blocks = re.findall(r"```sh\n(.*?)```", readme, re.S)
    scan_command, test_command = (block.strip() for block in blocks[:2])
    assert "slens scan" in scan_command and "pytest" in test_command
    assert "python3 -m venv" in scan_command and "python3 -m venv" in test_command
    assert scan_command in ci and test_command in ci
    assert "PIP_CONSTRAINT" in ci and "lowest_constraints.py" in ci and "git clone" in ci
    assert readme.index("Python 3.11") < readme.index(scan_command)


def test_layers_only_import_downwards() -> None:
    """model <- loaders, model <- engine <- rules, engine <- report: the pipeline's arrows."""
    forbidden = {
        "model": ("slens.loaders", "slens.engine", "slens.rules", "slens.report", "slens.cli", "slens.scan"),
        "loaders": ("slens.engine", "slens.rules", "slens.report", "slens.cli", "slens.scan"),
        "engine": ("slens.loaders", "slens.rules", "slens.report", "slens.cli", "slens.scan"),
        "rules": ("slens.loaders", "slens.report", "slens.cli", "slens.scan"),
        "report": ("slens.loaders", "slens.rules", "slens.cli", "slens.scan", "slens.model"),
    }
    problems = []
    for layer, banned in forbidden.items():
        for path in (ROOT / "src" / "slens" / layer).rglob("*.py"):
            for number, line in enumerate(path.read_text().splitlines(), 1):
                stripped = line.strip()
                if stripped.startswith(("import slens", "from slens")) and any(
                        stripped.split()[1].startswith(b) for b in banned):
                    problems.append(f"{path.relative_to(ROOT)}:{number}: {stripped}")
    assert not problems, "\n".join(problems)


def test_no_module_is_over_400_lines() -> None:
    long = [f"{p.relative_to(ROOT)}: {n}" for p in (ROOT / "src").rglob("*.py")
            if (n := len(p.read_text().splitlines())) > 400]
    assert not long, long


def test_lowest_constraints_pin_every_lower_bound() -> None:
    """CI's second pass installs exactly these: every ``>=`` bound of pyproject.toml, and nothing else."""
    import tomllib

    out = subprocess.run([sys.executable, str(ROOT / "tools" / "lowest_constraints.py")], capture_output=True,
                         text=True, timeout=60, check=True).stdout.split()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = [*project["dependencies"], *[r for extra in project["optional-dependencies"].values() for r in extra]]
    bounded = [r for r in declared if ">=" in r]
    assert len(out) == len(bounded)
    for requirement, pin in zip(bounded, out, strict=True):
        name, _, version = pin.partition("==")
        assert requirement.startswith(name) and f">={version}" in requirement.replace(" ", ""), (requirement, pin)
