"""Every rule's CDK fix snippet (``fix/cdk.ts``, ``fix/cdk.py``) type-checks against aws-cdk-lib and, synthesized,
clears the rule; without its fix the same stack trips it.

A snippet file is a complete module that the tests compile and synthesize; a user is shown the lines
between its ``fix:start`` and ``fix:end`` comments (:func:`slens.engine.rule.snippet_of`). Convention:

* the module defines two stacks, ``Fixed`` and ``Unfixed``, each built by ``(scope, id)``: a
  ``constructs.Construct`` and the stack's id (TypeScript ``export class Fixed extends Stack``, Python
  ``class Fixed(Stack)``); nothing else is read from it, helpers and imports are free;
* the marked snippet lies in ``Fixed`` (the only pair of markers, after ``class Fixed`` and before
  ``class Unfixed``), so it is written as a user writes it, ``this``/``self`` being the stack;
* ``Unfixed`` is ``Fixed`` as it was before the fix: the same constructs, under the same ids, without
  what the snippet adds or changes.

The test, for each language:

1. type-checks every snippet at once: ``tsc`` (strict) over all ``cdk.ts`` files (one run; the JavaScript
   it emits goes to a temporary folder), mypy ``--strict`` over all ``cdk.py`` files (one run: the mypy
   pinned in the toolchain's virtual environment beside aws-cdk-lib, with the cache tools/cdk_toolchain.py
   warms, whatever mypy the tests' own environment has);
2. synthesizes every snippet in one process per language (``node`` running a generated app, the toolchain's
   Python a generated ``app.py``; the Python half, mypy included, starts at the module's start and runs
   beside the TypeScript half): one cloud assembly per language, two stacks per rule, ``<RULE>Fixed`` and
   ``<RULE>Unfixed``, with the context ``cdk synth`` passes (construct paths in the templates), in a
   folder holding the ``src`` code folder the snippets' ``Code.fromAsset('src')`` names;
3. loads the assembly with slens' own loader (:func:`slens.loaders.cdk.load_cloud_assembly`) and runs the
   snippet's rule on each stack: on ``Fixed`` it must report nothing; on ``Unfixed`` it must report, and
   every resource it flags there must exist in ``Fixed`` under the same construct path. A snippet that
   does not fix what the rule looks at fails (1) or the ``Fixed`` half of (3); one whose stacks never
   tripped the rule (a function no event invokes asynchronously, for an asynchronous-invocation rule)
   fails the ``Unfixed`` half; one that silences the rule by dropping the flagged resource, the
   construct-path half.

The toolchain (aws-cdk-lib, constructs and TypeScript from npm, the Python CDK in a virtual environment)
is pinned in tools/cdk and installed by ``python3 tools/cdk_toolchain.py`` into build/cdk-toolchain.
Without it, or when it does not hold what tools/cdk pins (a stamp file records their hash), these tests
skip, naming that command; with ``SLENS_REQUIRE_CDK=1`` they fail instead (CI).
The checks of the files' shape (markers, both stacks, the other language's twin) and ruff's pyflakes and
isort rules over the Python snippets (mypy does not see an unused import) need no toolchain.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import NoReturn

import pytest

from slens.engine import Finding, Rule, run_rules
from slens.engine.rule import FIX_END, FIX_START, fix_folder
from slens.loaders.cdk import CdkLoaded, load_cloud_assembly
from slens.rules import load_catalogue

ROOT = Path(__file__).resolve().parent.parent

def _load_toolchain() -> ModuleType:
    """tools/cdk_toolchain.py, which says where the toolchain is, whether it is current, and how mypy runs."""
    spec = importlib.util.spec_from_file_location("cdk_toolchain", ROOT / "tools" / "cdk_toolchain.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


TOOLCHAIN_SCRIPT = _load_toolchain()
NODE_MODULES: Path = TOOLCHAIN_SCRIPT.NODE / "node_modules"
VENV_PYTHON: Path = TOOLCHAIN_SCRIPT.python_executable()
INSTALL = "python3 tools/cdk_toolchain.py"
REQUIRE = os.environ.get("SLENS_REQUIRE_CDK") == "1"
#: what ``cdk synth`` puts in the context: construct paths in the templates (slens labels findings with them)
CONTEXT = {"aws:cdk:enable-path-metadata": True, "aws:cdk:enable-asset-metadata": True,
           "aws:cdk:version-reporting": False}
#: what the snippets' ``Code.fromAsset('src')`` reads, and the GraphQL schema of their AppSync APIs
HANDLERS = {"index.js": "exports.handler = async () => ({});\n",
            "app.py": "def handler(event, context):\n    return {}\n",
            "schema.graphql": "type Order { id: ID! }\ntype Query { order(id: ID!): Order }\n"}
#: the parity ten: rules whose CDK snippets must exist in both languages
REQUIRED = ("LAM001", "LAM006", "API001", "API004", "API005", "SQS002", "SNS001", "IAM001", "DDB301", "SFN301")
TS, PY = "cdk.ts", "cdk.py"
#: (rule id, file) -> why the rule's snippet has no twin in the other language
NO_TWIN: dict[tuple[str, str], str] = {}
#: jsii's banners about the Node.js version, where it lets them be silenced (stderr is shown on failure only)
QUIET = {"JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION": "1", "JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION": "1"}

CATALOGUE = load_catalogue()


def _snippets(name: str) -> dict[str, tuple[Rule, Path]]:
    found = {}
    for rule in CATALOGUE:
        path = fix_folder(type(rule)) / name
        if path.is_file():
            found[rule.id] = (rule, path)
    return dict(sorted(found.items()))


TS_SNIPPETS = _snippets(TS)
PY_SNIPPETS = _snippets(PY)


def _missing(what: str) -> NoReturn:
    message = f"{what}: run `{INSTALL}` to install the CDK toolchain into build/cdk-toolchain"
    if REQUIRE:
        pytest.fail(message + " (SLENS_REQUIRE_CDK=1)")
    pytest.skip(message)


# -- the files' shape (no toolchain) ---------------------------------------------------------------

_CLASS = {TS: re.compile(r"^export class (Fixed|Unfixed) extends Stack\b"),
          PY: re.compile(r"^class (Fixed|Unfixed)\(Stack\):")}


@pytest.mark.parametrize("name", [TS, PY])
def test_snippet_files_have_both_stacks_and_mark_the_fix_in_fixed(name: str) -> None:
    snippets = TS_SNIPPETS if name == TS else PY_SNIPPETS
    problems = []
    for rule_id, (_, path) in snippets.items():
        lines = path.read_text(encoding="utf-8").splitlines()
        classes = {m.group(1): i for i, line in enumerate(lines) if (m := _CLASS[name].match(line))}
        starts = [i for i, line in enumerate(lines) if FIX_START in line]
        ends = [i for i, line in enumerate(lines) if FIX_END in line]
        if set(classes) != {"Fixed", "Unfixed"}:
            problems.append(f"{rule_id} {path}: defines {sorted(classes)}, not Fixed and Unfixed")
        elif len(starts) != 1 or len(ends) != 1:
            problems.append(f"{rule_id} {path}: {len(starts)} {FIX_START} and {len(ends)} {FIX_END} markers, "
                            "not one each")
        elif not classes["Fixed"] < starts[0] < ends[0] < classes["Unfixed"]:
            problems.append(f"{rule_id} {path}: the marked snippet is not inside Fixed (which comes before Unfixed)")
    assert not problems, "\n".join(problems)


def test_parity_rules_have_snippets_in_both_languages() -> None:
    missing = [f"{rule_id} {name}" for rule_id in REQUIRED for name, found in ((TS, TS_SNIPPETS), (PY, PY_SNIPPETS))
               if rule_id not in found]
    assert not missing, f"no CDK snippet: {', '.join(missing)}"


def test_each_snippet_has_its_twin_in_the_other_language() -> None:
    lonely = [f"{rule_id} has {have} but no {lack}" for have, lack, mine, theirs in
              ((TS, PY, TS_SNIPPETS, PY_SNIPPETS), (PY, TS, PY_SNIPPETS, TS_SNIPPETS))
              for rule_id in mine if rule_id not in theirs and (rule_id, have) not in NO_TWIN]
    assert not lonely, "\n".join(lonely)


def test_python_snippets_have_no_unused_names_and_sorted_imports() -> None:
    """What tsc's noUnusedLocals checks in the TypeScript ones: mypy does not (ruff's pyflakes and isort rules,
    with no configuration of the repository's, which leaves the snippets alone)."""
    if importlib.util.find_spec("ruff") is None:
        pytest.skip("ruff is not installed (pip install -e '.[test]')")
    files = [str(path) for _, path in PY_SNIPPETS.values()]
    checked = subprocess.run([sys.executable, "-m", "ruff", "check", "--isolated", "--select", "F,I",
                              "--line-length", "120", "--output-format", "concise", *files],
                             cwd=ROOT, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr


# -- building and scanning -------------------------------------------------------------------------

@dataclass
class Built:
    """What one language's run produced: type errors and synthesis errors by rule, the stacks by name."""

    type_errors: dict[str, list[str]] = field(default_factory=dict)
    synth_errors: dict[str, str] = field(default_factory=dict)
    stacks: dict[str, CdkLoaded] = field(default_factory=dict)
    #: when the whole run failed (the compiler or the app did not start): why
    failure: str | None = None


def _workdir(base: Path) -> Path:
    (base / "src").mkdir(parents=True)
    for name, text in HANDLERS.items():
        (base / "src" / name).write_text(text)
    return base


def _type_errors(output: str, names: dict[str, tuple[str, Path]]) -> dict[str, list[str]]:
    """Compiler messages by rule id; ``names``: rule id -> the file name the compiler saw (a copy's, or the
    snippet's from the root) and the snippet, which the messages name instead."""
    errors: dict[str, list[str]] = {}
    for line in output.splitlines():
        for rule_id, (name, source) in names.items():
            if name in line:
                errors.setdefault(rule_id, []).append(line.replace(name, str(source.relative_to(ROOT))))
                break
        else:
            if line.strip():
                errors.setdefault("", []).append(line)
    return errors


def _scan(outdir: Path, built: Built) -> None:
    # the files findings name: the assembly's, and the snippets' where construct creation stacks point at them
    for loaded in load_cloud_assembly(str(outdir), lambda p: os.path.relpath(p, outdir)):
        assert isinstance(loaded, CdkLoaded) and not loaded.problems, f"{loaded.file}: {loaded.problems}"
        built.stacks[loaded.stack] = loaded


def _run(command: list[str], cwd: Path, env: dict[str, str] | None = None,
         timeout: int = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, env={**os.environ, **QUIET, **(env or {})}, capture_output=True,
                          text=True, timeout=timeout)


TS_APP = """\
const cdk = require('aws-cdk-lib');
const snippets = %(snippets)s;
const app = new cdk.App({ outdir: %(outdir)s, context: %(context)s });
const errors = {};
for (const [rule, file] of Object.entries(snippets)) {
  try {
    const snippet = require(file);
    new snippet.Fixed(app, rule + 'Fixed');
    new snippet.Unfixed(app, rule + 'Unfixed');
  } catch (error) {
    errors[rule] = String(error && error.stack || error);
  }
}
app.synth();
process.stdout.write(JSON.stringify(errors));
"""


@pytest.fixture(scope="module")
def typescript(tmp_path_factory: pytest.TempPathFactory) -> Built:
    if not (NODE_MODULES / "aws-cdk-lib").is_dir() or not (NODE_MODULES / "typescript").is_dir():
        _missing("no aws-cdk-lib and TypeScript in build/cdk-toolchain/node")
    if not TOOLCHAIN_SCRIPT.node_current():
        _missing("build/cdk-toolchain/node does not hold what tools/cdk/package-lock.json pins")
    node = shutil.which("node")
    if node is None:
        _missing("no node on the PATH")
    assert node is not None
    work = _workdir(tmp_path_factory.mktemp("cdk-ts"))
    rules_dir = ROOT / "src" / "slens" / "rules"
    config = {"compilerOptions": {
        "target": "ES2022", "module": "commonjs", "moduleResolution": "node", "strict": True,
        "noUnusedLocals": True, "noFallthroughCasesInSwitch": True, "skipLibCheck": True, "types": [],
        "rootDir": str(rules_dir), "outDir": str(work / "js"), "baseUrl": str(NODE_MODULES),
        "paths": {"*": [str(NODE_MODULES / "*")]}},
        "files": [str(path) for _, path in TS_SNIPPETS.values()]}
    (work / "tsconfig.json").write_text(json.dumps(config, indent=2))
    built = Built()
    compiled = _run([node, str(NODE_MODULES / "typescript" / "bin" / "tsc"), "--pretty", "false", "-p",
                     str(work / "tsconfig.json")], ROOT)  # from the root, tsc names the snippets as the repo does
    names = {rule_id: (str(path.relative_to(ROOT)), path) for rule_id, (_, path) in TS_SNIPPETS.items()}
    built.type_errors = _type_errors(compiled.stdout + compiled.stderr, names)
    modules = {rule_id: str(work / "js" / path.relative_to(rules_dir).with_suffix(".js"))
               for rule_id, (_, path) in TS_SNIPPETS.items()}
    missing = [rule_id for rule_id, module in modules.items() if not Path(module).is_file()]
    for rule_id in missing:
        built.synth_errors[rule_id] = "tsc emitted no JavaScript"
    app = TS_APP % {"snippets": json.dumps({k: v for k, v in modules.items() if k not in missing}),
                    "outdir": json.dumps(str(work / "cdk.out")), "context": json.dumps(CONTEXT)}
    (work / "app.js").write_text(app)
    synthesized = _run([node, str(work / "app.js")], work, {"NODE_PATH": str(NODE_MODULES)})
    if synthesized.returncode:
        built.failure = f"the app failed ({synthesized.returncode}):\n{synthesized.stderr[-4000:]}"
        return built
    built.synth_errors.update(json.loads(synthesized.stdout))
    _scan(work / "cdk.out", built)
    return built


PY_APP = """\
import importlib.util
import json
import sys
import traceback

import aws_cdk as cdk

snippets = json.loads(%(snippets)r)
app = cdk.App(outdir=%(outdir)r, context=json.loads(%(context)r))
errors = {}
for rule, file in snippets.items():
    try:
        spec = importlib.util.spec_from_file_location(rule.lower(), file)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.Fixed(app, rule + "Fixed")
        module.Unfixed(app, rule + "Unfixed")
    except Exception:
        errors[rule] = traceback.format_exc()
app.synth()
sys.stdout.write(json.dumps(errors))
"""


class _Started:
    """A process of the Python half, started at the module's start so that it runs beside the TypeScript half."""

    def __init__(self, command: list[str], cwd: Path, name: str) -> None:
        self.out, self.err = cwd / f"{name}.out", cwd / f"{name}.err"
        with self.out.open("w") as out, self.err.open("w") as err:
            self.process = subprocess.Popen(command, cwd=cwd, env={**os.environ, **QUIET}, stdout=out, stderr=err,
                                            text=True)

    def result(self, timeout: int) -> tuple[int, str, str]:
        """The exit status, stdout and stderr, once it ends."""
        returncode = self.process.wait(timeout=timeout)
        return returncode, self.out.read_text(), self.err.read_text()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@dataclass
class _PythonHalf:
    work: Path
    copies: dict[str, Path]
    synth: _Started
    mypy: _Started


@pytest.fixture(scope="module", autouse=True)
def _python_half(request: pytest.FixtureRequest,
                 tmp_path_factory: pytest.TempPathFactory) -> Iterator[_PythonHalf | None]:
    """mypy over the cdk.py snippets and their synthesis, started in the background when a Python test is
    selected: they take most of their time waiting for aws-cdk-lib to load, as the TypeScript half does."""
    selected = any(getattr(item, "originalname", "") == "test_python_snippet_fixes_its_rule"
                   for item in request.session.items)
    if not selected or not TOOLCHAIN_SCRIPT.python_current():
        yield None
        return
    work = _workdir(tmp_path_factory.mktemp("cdk-py"))
    # one module name per snippet (all the files are called cdk.py, which mypy would take for one module)
    (work / "snippets").mkdir()
    copies = {}
    for rule_id, (_, path) in PY_SNIPPETS.items():
        copies[rule_id] = work / "snippets" / f"{rule_id.lower()}_cdk.py"
        shutil.copyfile(path, copies[rule_id])
    app = PY_APP % {"snippets": json.dumps({k: str(v) for k, v in copies.items()}),
                    "outdir": str(work / "cdk.out"), "context": json.dumps(CONTEXT)}
    (work / "app.py").write_text(app)
    synth = _Started([str(VENV_PYTHON), str(work / "app.py")], work, "synth")
    mypy = _Started(TOOLCHAIN_SCRIPT.mypy_command(*(copy.relative_to(work).as_posix() for copy in copies.values())),
                    work, "mypy")
    yield _PythonHalf(work, copies, synth, mypy)
    synth.stop()
    mypy.stop()


@pytest.fixture(scope="module")
def python(_python_half: _PythonHalf | None) -> Built:
    if _python_half is None:
        _missing("no Python CDK in build/cdk-toolchain/python, or not what tools/cdk/requirements.txt pins")
    assert _python_half is not None
    work, built = _python_half.work, Built()
    # a cold mypy cache (tools/cdk_toolchain.py warms it) costs minutes: mypy reads aws-cdk-lib's types
    returncode, stdout, stderr = _python_half.mypy.result(timeout=1800)
    names = {rule_id: (copy.relative_to(work).as_posix(), PY_SNIPPETS[rule_id][1])
             for rule_id, copy in _python_half.copies.items()}
    built.type_errors = _type_errors(stdout + stderr, names)
    if returncode and not built.type_errors:
        built.type_errors[""] = [f"mypy failed ({returncode}): {stderr[-2000:]}"]
    returncode, stdout, stderr = _python_half.synth.result(timeout=600)
    if returncode:
        built.failure = f"the app failed ({returncode}):\n{stderr[-4000:]}"
        return built
    built.synth_errors.update(json.loads(stdout))
    _scan(work / "cdk.out", built)
    return built


def _findings(rule: Rule, stack: CdkLoaded) -> list[Finding]:
    assert stack.graph is not None
    findings, errors = run_rules([rule], stack.graph, stack.file)
    assert not errors, f"{rule.id} failed on {stack.stack}: {errors}"
    return findings


def _within(label: str | None, stack: str) -> str:
    """A construct path without its stack: the same resource's name in the Fixed and Unfixed stacks. An id
    the CDK derives from another construct's unique id (``SqsEventSource:<Stack><Queue><hash>``) names the
    stack and ends in a hash of its path: both are taken out."""
    parts = (label or "").removeprefix(stack + "/").split("/")
    return "/".join(_HASH.sub("", part.replace(stack, "<stack>")) if stack in part else part for part in parts)


_HASH = re.compile(r"[0-9A-F]{8}$")


def _verdict(built: Built, rule: Rule, path: Path) -> Iterator[str]:
    """What is wrong with the rule's snippet (nothing when it is right)."""
    if built.failure:
        yield built.failure
        return
    source = path.relative_to(ROOT)
    yield from (f"type error: {line}" for line in built.type_errors.get(rule.id, []))
    yield from (f"type error (not in a snippet): {line}" for line in built.type_errors.get("", []))
    if rule.id in built.synth_errors:
        yield f"{source} did not synthesize: {built.synth_errors[rule.id]}"
        return
    fixed, unfixed = built.stacks.get(rule.id + "Fixed"), built.stacks.get(rule.id + "Unfixed")
    if fixed is None or unfixed is None:
        yield f"{source}: no stacks {rule.id}Fixed and {rule.id}Unfixed in the assembly ({sorted(built.stacks)})"
        return
    for finding in _findings(rule, fixed):
        yield f"{source}: Fixed still trips {rule.id} on {finding.label or finding.resource}: {finding.message}"
    before = _findings(rule, unfixed)
    if not before:
        yield (f"{source}: Unfixed does not trip {rule.id}: the test cannot tell whether the snippet fixes "
               "anything (build in Unfixed what the rule flags)")
    assert fixed.graph is not None
    after = {_within(r.origin.label, fixed.stack) for r in fixed.graph.resources.values()}
    for finding in before:
        name = _within(finding.label, unfixed.stack)
        if name not in after:
            yield (f"{source}: {rule.id} flags {name or finding.resource} in Unfixed, which Fixed does not have "
                   f"under that construct path (a fix keeps the resource: {sorted(after)})")


@pytest.mark.parametrize("rule_id", list(TS_SNIPPETS))
def test_typescript_snippet_fixes_its_rule(typescript: Built, rule_id: str) -> None:
    rule, path = TS_SNIPPETS[rule_id]
    problems = list(_verdict(typescript, rule, path))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("rule_id", list(PY_SNIPPETS))
def test_python_snippet_fixes_its_rule(python: Built, rule_id: str) -> None:
    rule, path = PY_SNIPPETS[rule_id]
    problems = list(_verdict(python, rule, path))
    assert not problems, "\n".join(problems)
