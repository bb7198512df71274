"""The SAM transform's speed patches, behind ``transform_adapter``: every translator internal they
touch is named and checked; a release that moves one fails here, naming it, while a scan still
works (unpatched, slower, with one warning saying so)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
import warnings
from pathlib import Path

import pytest

from slens.loaders import transform_adapter as adapter
from slens.loaders.lean_import import import_lean

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "examples" / "recipe-app" / "after" / "template.yaml"

#: a release that renamed ``private``: the attribute under a new name, and every function of its
#: module that used the old name (methods included) reading the new one
_SIMULATE = r"""
import hashlib, json, sys, types, warnings
from slens.loaders import transform_adapter as adapter
from slens.loaders.lean_import import import_lean

import_lean(adapter._import_transform, "samtranslator", adapter.UNUSED, adapter.LAZY)
moved = [p for p in adapter.PRIVATES if p.name == sys.argv[1]]
if moved:
    private = moved[0]
    module = sys.modules[private.module]
    *path, old = private.attribute.split(".")
    new = old + "_moved"
    owner = module
    for part in path:
        owner = getattr(owner, part)

    def renamed(code):
        consts = tuple(renamed(c) if isinstance(c, types.CodeType) else c for c in code.co_consts)
        return code.replace(co_names=tuple(new if n == old else n for n in code.co_names), co_consts=consts)

    def functions(namespace):
        for value in list(vars(namespace).values()):
            value = getattr(value, "__func__", value)
            if isinstance(value, types.FunctionType) and value.__module__ == module.__name__:
                yield value
            elif isinstance(value, type) and value.__module__ == module.__name__ and namespace is module:
                yield from functions(value)

    for function in functions(module):
        function.__code__ = renamed(function.__code__)
    if private.kind == "instance":  # resolvers the release made while importing have it too
        import gc
        for made in [o for o in gc.get_objects() if isinstance(o, owner) and old in vars(o)]:
            setattr(made, new, vars(made).pop(old))
    else:
        setattr(owner, new, owner.__dict__[old] if isinstance(owner, type) else getattr(owner, old))
        delattr(owner, old)
elif sys.argv[1] == "stock":  # every patch skipped: the translator as released
    adapter.present = lambda private: False

from slens.loaders.sam import expand
from slens.loaders.spans import plain
from slens.loaders.yamlparse import parse_yaml

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    transform = adapter.set_up()
template = plain(parse_yaml(open(sys.argv[2]).read())[0])
result = expand(template, sys.argv[3]).template
print(json.dumps({"warnings": [str(w.message) for w in caught if w.category is adapter.TransformPatchWarning],
                  "missing": [p.name for p in transform.missing], "patched": list(transform.patched),
                  "resources": hashlib.sha256(json.dumps(result, sort_keys=True).encode()).hexdigest()}))
"""

#: the privates whose move can be simulated by a rename (``__init__`` and module paths cannot)
_RENAMEABLE = [p for p in adapter.PRIVATES if p.kind not in ("module", "method")]


def _run(moved: str) -> dict[str, object]:
    run = subprocess.run([sys.executable, "-c", _SIMULATE, moved, str(TEMPLATE), str(TEMPLATE.parent)],
                         capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    result: dict[str, object] = json.loads(run.stdout.splitlines()[-1])
    return result


@pytest.fixture(scope="module")
def as_released() -> dict[str, object]:
    return _run("nothing")


def test_every_private_the_adapter_names_is_in_the_installed_translator_and_patched() -> None:
    missing = [p.name for p in adapter.PRIVATES if not adapter.present(p)]
    assert not missing, (f"aws-sam-translator {adapter.installed_version()} moved {', '.join(missing)}: the "
                         "transform's speed patches that need them are skipped (a scan is slower). Find where "
                         "they went and update src/slens/loaders/transform_adapter.py")
    transform = adapter.set_up()
    assert transform.missing == () and transform.heavy_import is None
    assert transform.patched == ("policy templates loaded once", "SamResourceType.has_value",
                                 "ResourceTypeResolver tables")


def test_unpatched_and_patched_transforms_give_the_same_resources(as_released: dict[str, object]) -> None:
    stock = _run("stock")
    assert as_released["missing"] == [] and as_released["warnings"] == []
    assert stock["patched"] == [] and stock["resources"] == as_released["resources"]


@pytest.mark.parametrize("private", _RENAMEABLE, ids=[p.name for p in _RENAMEABLE])
def test_a_release_that_moves_a_private_is_named_in_one_warning_and_transforms_the_same(
        private: adapter.Private, as_released: dict[str, object]) -> None:
    moved = _run(private.name)
    assert moved["missing"] == [private.name]
    warned = moved["warnings"]
    assert isinstance(warned, list) and len(warned) == 1 and private.name in warned[0], warned
    assert "same results, slower" in warned[0]
    assert moved["resources"] == as_released["resources"]
    assert moved["patched"] != as_released["patched"]  # the patch that needed it is skipped


def test_a_module_that_moved_is_missing() -> None:
    assert not adapter.present(adapter.Private("samtranslator.internal.no_such_module"))
    assert not adapter.present(adapter.Private("samtranslator.no_such_package.module"))
    assert not adapter.present(adapter.Private("samtranslator.sdk.resource", "SamResourceType.gone", "classmethod"))


def test_the_installed_translator_is_inside_the_verified_range() -> None:
    """Older than the lowest verified is a failure (pyproject.toml allows what was never checked);
    newer than the highest is a notice: the privates are checked above on every run, so a new
    release fails only when it moved one, not on the day it comes out."""
    version = adapter.installed_version()
    state = adapter.verified(version)
    low, high = (".".join(map(str, v)) for v in adapter.VERIFIED)
    assert state is not False, f"aws-sam-translator {version} is older than {low}, the lowest verified"
    if state is None:
        warnings.warn(f"aws-sam-translator {version} is newer than {high}, the newest the transform adapter was "
                      "verified with: if the tests pass, compare a scan's JSON with and without the patches and "
                      "widen VERIFIED in src/slens/loaders/transform_adapter.py", UserWarning, stacklevel=1)


def test_the_verified_range_starts_at_pyprojects_lower_bound() -> None:
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    line = next(d for d in dependencies if d.startswith("aws-sam-translator"))
    match = re.search(r">=\s*(\d+)\.(\d+)", line)
    assert match is not None and (int(match[1]), int(match[2])) == adapter.VERIFIED[0], line
    assert adapter.verified("1.106.0") is False and adapter.verified("1.107.0") is True
    assert adapter.verified(".".join(map(str, adapter.VERIFIED[1])) + ".9") is True
    assert adapter.verified(f"{adapter.VERIFIED[1][0]}.{adapter.VERIFIED[1][1] + 1}.0") is None


def test_only_the_adapter_reaches_into_the_translator() -> None:
    """Elsewhere, slens uses the translator's public names only."""
    public = {"samtranslator.model.exceptions import InvalidDocumentException",
              "samtranslator.parser.parser import Parser"}
    found = []
    for path in (ROOT / "src" / "slens").rglob("*.py"):
        if path.name == "transform_adapter.py":
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            for use in re.findall(r"samtranslator[\w.]*(?: import \w+)?", line):
                if use not in public:
                    found.append(f"{path.relative_to(ROOT)}:{number}: {use}")
    assert not found, found


def _package(root: Path, name: str, code: str) -> None:
    (root / name).mkdir()
    (root / name / "__init__.py").write_text(code)


def test_a_stand_in_used_while_importing_means_a_real_import_and_a_reason(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _package(tmp_path, "slens_test_sdk", "VERSION = '1'\n")
    _package(tmp_path, "slens_test_uses", "import slens_test_sdk\nLABEL = slens_test_sdk.VERSION + 'x'\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in ("slens_test_sdk", "slens_test_uses"):
        monkeypatch.delitem(sys.modules, name, raising=False)

    def load() -> None:
        import slens_test_uses  # noqa: F401

    reason = import_lean(load, "slens_test_uses", ("slens_test_sdk",), ())
    assert reason is not None and reason.startswith("slens_test_sdk (TypeError")
    assert sys.modules["slens_test_uses"].LABEL == "1x"
    assert type(sys.modules["slens_test_sdk"]).__name__ == "module"


def test_an_error_of_the_package_itself_is_raised_and_leaves_no_half_import(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _package(tmp_path, "slens_test_broken", "import slens_test_sdk2\nraise ValueError('broken release')\n")
    _package(tmp_path, "slens_test_sdk2", "")
    monkeypatch.syspath_prepend(str(tmp_path))

    def load() -> None:
        import slens_test_broken  # noqa: F401

    with pytest.raises(ValueError, match="broken release"):
        import_lean(load, "slens_test_broken", ("slens_test_sdk2",), ())
    assert "slens_test_broken" not in sys.modules and "slens_test_sdk2" not in sys.modules
