"""Real CDK TypeScript apps (serverless-patterns, MIT-0): findings at the lines of the app's own ``.ts`` files.

The apps are in ``../shared/corpus/cdk``; only ``ddbstream-lambda-sfn-cdk-ts`` comes with its cloud assembly.
The other four were synthesized once (``cdk synth --no-staging``, see ``tests/data/cdk-corpus/README.md``)
and their assemblies committed under ``tests/data/cdk-corpus/<app>/cdk.out``. Each app is copied (without
``node_modules``) with its assembly as ``cdk.out`` and scanned like a user's checkout: every finding must
be at a line of one of the app's ``.ts`` files, never in the template and never outside the app.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from slens.loaders.cdk.creation import creation_stacks
from slens.rules import load_catalogue
from slens.scan import ScanOptions, scan

from .conftest import SHARED

CORPUS = SHARED / "corpus" / "cdk"
ASSEMBLIES = Path(__file__).resolve().parent / "data" / "cdk-corpus"
APPS = ("cdk-custom-resource-multiple-lambdas", "cdk-s3-sqs-lambda-dynamodb", "cdk-vpc-lambda-sfn",
        "ddbstream-lambda-sfn-cdk-ts", "dynamodb-seed-data-on-create-cdk")


def _app(name: str, tmp_path: Path) -> Path:
    source = CORPUS / name
    if not source.is_dir():
        pytest.skip(f"the CDK corpus is not beside this checkout ({source} is absent)")
    app = tmp_path / name
    shutil.copytree(source, app, ignore=shutil.ignore_patterns("node_modules"))
    for path in [app, *app.rglob("*")]:  # the shared corpus is read-only: let pytest clean the copy up
        path.chmod(path.stat().st_mode | 0o200)
    if not (app / "cdk.out").is_dir():
        shutil.copytree(ASSEMBLIES / name / "cdk.out", app / "cdk.out")
    return app


def test_every_app_without_an_assembly_in_the_corpus_has_one_committed() -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"the CDK corpus is not beside this checkout ({CORPUS} is absent)")
    assert sorted(p.name for p in CORPUS.iterdir() if p.is_dir()) == sorted(APPS)
    for name in APPS:
        assert (CORPUS / name / "cdk.out").is_dir() != (ASSEMBLIES / name / "cdk.out").is_dir(), name


@pytest.mark.parametrize("name", APPS)
def test_findings_are_at_lines_of_the_apps_typescript(name: str, tmp_path: Path) -> None:
    app = _app(name, tmp_path)
    result = scan([str(app)], load_catalogue(), ScanOptions(fail_on=None))
    assert result.errors == ()
    assert result.findings
    sources = {p.resolve() for p in app.rglob("*.ts") if "cdk.out" not in p.relative_to(app).parts}
    for finding in result.findings:
        place = Path(finding.span.file)
        place = (place if place.is_absolute() else Path.cwd() / place).resolve()
        assert place in sources and finding.span.line, \
            f"{finding.rule.id} on {finding.resource} at {finding.span.file}:{finding.span.line}"
    assert not [n for n in result.notices if n.kind.value in ("not-synthesized", "no-creation-lines")], \
        result.notices


def test_a_construct_recorded_without_user_frames_is_placed_where_its_enclosing_construct_was_created() -> None:
    truncated: list[object] = ["...aws-cdk-lib...",
                               "(no user code in 10 frames, use --stack-trace-limit to capture more)"]
    frames: dict[str, list[object]] = {"S": ["<anonymous> (/ci/app/bin/app.ts:7:1)"],
                                       "S/Fn/Resource": ["new S (/ci/app/lib/s.ts:35:22)"],
                                       "S/Fn/ServiceRole/Resource": ["new S (/ci/app/lib/s.ts:35:22)"],
                                       "S/Fn/ServiceRole/DefaultPolicy/Resource": truncated}
    assert creation_stacks("S/Fn/ServiceRole/DefaultPolicy/Resource", frames) == [
        truncated, frames["S/Fn/ServiceRole/Resource"], frames["S/Fn/Resource"], frames["S"]]
    assert creation_stacks("S/Fn/Resource", frames) == [frames["S/Fn/Resource"], frames["S"]]
    assert creation_stacks("S/Other/Resource", frames) == [frames["S"]]


def test_the_policy_of_a_grant_is_at_the_line_of_its_function(tmp_path: Path) -> None:
    """``lambdaFn.addEventSource`` creates the role's DefaultPolicy more than 10 frames into the CDK:
    recorded with no user frame, it is placed where the function (whose role it belongs to) was created."""
    app = _app("cdk-s3-sqs-lambda-dynamodb", tmp_path)
    result = scan([str(app)], load_catalogue(), ScanOptions(fail_on=None))
    [policy] = [f for f in result.findings if f.resource == "MyLambdaFunctionServiceRoleDefaultPolicy23555F9E"]
    assert (Path(policy.span.file).name, policy.span.line) == ("my-cdk-project-stack.ts", 35)
