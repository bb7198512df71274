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


def _slens_imports(path: Path) -> set[str]:
    """Every ``slens...`` module the file imports, at any depth; ``from slens import x`` is
    ``slens.x`` for a module and ``slens`` for a name (``__version__``)."""
    import ast

    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.split(".")[0] == "slens")
        elif isinstance(node, ast.ImportFrom) and node.module == "slens":
            found.update("slens" if alias.name.startswith("_") or alias.name.isupper() else f"slens.{alias.name}"
                         for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "slens":
            found.add(node.module)
    return found


#: what each top-level module may import, by name below ``slens`` (``slens``: the version, the docs URL)
TOP_LEVEL: dict[str, set[str]] = {
    # leaves, which both sides of the pipeline share: nothing of slens
    "__init__": set(), "kinds": set(), "lens": set(), "clock": set(), "safe_text": set(), "terminal": set(),
    # the wiring between loaders and engine: never the rules, a report or a front end
    "outcome": {"engine", "loaders", "model"},
    "result_cache": {"slens", "engine", "loaders", "model", "outcome"},
    "scan": {"application", "clock", "engine", "loaders", "outcome", "result_cache"},
    "application": {"engine", "loaders", "model", "outcome"},
    # front ends and their helpers
    "__main__": {"cli"},
    "cli": {"slens", "config", "docs", "engine", "live_command", "loaders", "outputs", "report", "review_command",
            "rules", "scan", "since_command", "terminal"},
    "live_command": {"config", "loaders", "outputs"},
    "since_command": {"slens", "config", "engine", "report", "safe_text", "webhook"},
    "webhook": set(),
    "review_command": {"slens", "clock", "config", "loaders", "outputs", "report", "review", "scan", "terminal"},
    "config": {"engine", "loaders", "rules", "scan"},
    "docs": {"slens", "engine", "lens"},
    "outputs": {"loaders"},
}
#: the wiring, and the parts of loaders and engine that only it puts together
WIRING = ("slens.scan", "slens.result_cache", "slens.outcome", "slens.application")
PARTS = ("slens.loaders.units", "slens.engine.pool", "slens.engine.workers", "slens.engine.assemble")


def test_top_level_modules_import_only_what_their_role_allows() -> None:
    """Leaves import nothing; the wiring (scan, result cache, outcome) no rule, report or front end;
    front ends reach the units, the pool and the assembly only through ``scan``; and no package
    imports the wiring or a front end."""
    problems = []
    modules = {p.stem: p for p in (ROOT / "src" / "slens").glob("*.py")}
    assert set(modules) == set(TOP_LEVEL), f"a top-level module without a rule here: {set(modules) ^ set(TOP_LEVEL)}"
    for name, path in modules.items():
        imported = _slens_imports(path)
        if extra := {m.split(".")[1] if "." in m else m for m in imported} - TOP_LEVEL[name]:
            problems.append(f"{name}.py imports {sorted(extra)}")
        if f"slens.{name}" not in WIRING and (parts := sorted(m for m in imported if m.startswith(PARTS))):
            problems.append(f"{name}.py imports the scan's parts {parts}")
    banned = (*WIRING, "slens.cli", "slens.review_command")
    for package in ("model", "loaders", "engine", "rules", "report", "review"):
        for path in (ROOT / "src" / "slens" / package).rglob("*.py"):
            imported = _slens_imports(path)
            bad = [m for m in imported if m.startswith(banned)
                   or (m.startswith(PARTS) and not m.startswith(f"slens.{package}."))]
            if bad:
                problems.append(f"{path.relative_to(ROOT)} imports {sorted(bad)}")
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


def _module_imports() -> dict[str, set[str]]:
    """slens module -> the slens modules it imports, at module level, in functions or for types only:
    ``from package import name`` counts as the submodule when ``name`` is one, else as the package."""
    import ast

    src = ROOT / "src"
    files = {}
    for path in (src / "slens").rglob("*.py"):
        parts = path.relative_to(src).with_suffix("").parts
        files[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    graph: dict[str, set[str]] = {}
    for module, path in files.items():
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:  # relative: the package, one level up for each dot after the first
                    anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                    base = f"{anchor}.{base}" if base else anchor
                for alias in node.names:
                    found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in files else base)
        graph[module] = {m for m in found if m in files and m != module}
    return graph


def test_no_import_cycles() -> None:
    """A cycle makes the order of imports matter and ties two modules into one: move what both need
    into a third, rather than hiding an import inside a function (which this counts too)."""
    graph = _module_imports()
    cycles: list[list[str]] = []
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> None:
        for target in sorted(graph[module]):
            if target in path:
                cycles.append([*path[path.index(target):], target])
            elif target not in done:
                visit(target, [*path, target])
        done.add(module)

    for module in sorted(graph):
        if module not in done:
            visit(module, [module])
    assert not cycles, "\n".join(" -> ".join(cycle) for cycle in cycles)
