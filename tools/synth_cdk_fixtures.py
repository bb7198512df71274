"""Synthesize the CDK apps under tests/data/cdk/apps into committed cloud assemblies.

Each ``tests/data/cdk/apps/<app>/app.py`` defines ``build(outdir, context)``; its output lands in
``tests/data/cdk/<app>/cdk.out``, synthesized with the context the ``cdk`` CLI passes (path and
asset metadata in templates), pruned to what slens reads (manifests, templates, asset manifests,
stack metadata, a small ``tree.json``; the manifests without their feature-flag report) so the
fixtures stay small and deterministic, and the tests need no CDK.

Needs ``aws-cdk-lib`` and ``constructs`` (and Node.js for jsii), e.g.::

    python -m venv /tmp/cdkvenv && /tmp/cdkvenv/bin/pip install aws-cdk-lib constructs
    /tmp/cdkvenv/bin/python tools/synth_cdk_fixtures.py [APP ...]
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ROOT / "tests" / "data" / "cdk" / "apps"
OUT = ROOT / "tests" / "data" / "cdk"
KEEP_SUFFIXES = (".template.json", ".assets.json", ".metadata.json")
KEEP_NAMES = ("manifest.json", "cdk.out")
MAX_TREE_BYTES = 64 * 1024
# What `cdk synth` sets (path and asset metadata in templates), less the version report
CLI_CONTEXT: dict[str, object] = {"aws:cdk:enable-path-metadata": True, "aws:cdk:enable-asset-metadata": True,
                                  "aws:cdk:version-reporting": False}


def _keep(path: Path) -> bool:
    if path.name in KEEP_NAMES or path.name.endswith(KEEP_SUFFIXES):
        return True
    return path.name == "tree.json" and path.stat().st_size <= MAX_TREE_BYTES


def _write_manifest(source: Path, target: Path) -> None:
    """The manifest less its feature-flag report (28 kB of flag explanations slens never reads)."""
    manifest = json.loads(source.read_text())
    artifacts = manifest.get("artifacts", {})
    manifest["artifacts"] = {k: v for k, v in artifacts.items() if v.get("type") != "cdk:feature-flag-report"}
    target.write_text(json.dumps(manifest, indent=2) + "\n")


def _copy_pruned(source: Path, target: Path) -> list[Path]:
    """Copy the files slens reads, descending into nested assemblies (stages) only."""
    kept: list[Path] = []
    target.mkdir(parents=True)
    for entry in sorted(source.iterdir()):
        if entry.is_dir():
            if entry.name.startswith("assembly-"):
                kept += _copy_pruned(entry, target / entry.name)
        elif entry.name == "manifest.json":
            _write_manifest(entry, target / entry.name)
            kept.append(target / entry.name)
        elif _keep(entry):
            shutil.copyfile(entry, target / entry.name)
            kept.append(target / entry.name)
    return kept


def synth(app: str) -> list[Path]:
    spec = importlib.util.spec_from_file_location(f"cdk_app_{app}", APPS / app / "app.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {APPS / app / 'app.py'}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    destination = OUT / app / "cdk.out"
    with tempfile.TemporaryDirectory() as scratch:
        module.build(scratch, dict(CLI_CONTEXT))
        if destination.exists():
            shutil.rmtree(destination)
        return _copy_pruned(Path(scratch), destination)


def main(argv: list[str]) -> int:
    apps = argv or sorted(p.name for p in APPS.iterdir() if (p / "app.py").is_file())
    for app in apps:
        for path in synth(app):
            print(f"{path.relative_to(ROOT)} ({path.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
