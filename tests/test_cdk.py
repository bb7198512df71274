"""AWS CDK cloud assemblies: stacks, nested stacks and stages, construct paths, framework resources.

The assemblies under tests/data/cdk/<app>/cdk.out were synthesized by tools/synth_cdk_fixtures.py
from the apps in tests/data/cdk/apps; these tests need no CDK.
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from slens.engine import ErrorKind, Finding, run_rules
from slens.engine.assemble import config_suppressions
from slens.engine.suppressions import apply
from slens.loaders import Loaded
from slens.loaders.cdk import (
    FRAMEWORK_KEY,
    CdkLoaded,
    construct_label,
    framework_resources,
    load_cloud_assembly,
)
from slens.loaders.discovery import is_cloud_assembly
from slens.model import Relation
from slens.rules import load_catalogue

DATA = Path(__file__).parent / "data" / "cdk"
QUEUE = DATA / "queue_worker" / "cdk.out"
API = DATA / "api_bucket" / "cdk.out"
NESTED = DATA / "nested_stage" / "cdk.out"
CATALOGUE = load_catalogue()


def _load(directory: Path) -> list[Loaded]:
    return load_cloud_assembly(str(directory), lambda p: Path(p).relative_to(directory).as_posix())


def _by_file(loaded: list[Loaded]) -> dict[str, Loaded]:
    return {item.file: item for item in loaded}


def _findings(loaded: Loaded) -> list[Finding]:
    assert loaded.graph is not None
    findings, errors = run_rules(CATALOGUE, loaded.graph, loaded.file)
    assert not errors
    return findings


def _line_of(path: Path, needle: str, after: str | None = None) -> int:
    lines = path.read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    return next(i for i, line in enumerate(lines) if i >= start and needle in line) + 1


def test_recognises_cloud_assemblies(tmp_path: Path) -> None:
    assert all(is_cloud_assembly(str(d)) for d in (QUEUE, API, NESTED, NESTED / "assembly-Prod"))
    assert not is_cloud_assembly(str(DATA / "apps"))
    (tmp_path / "manifest.json").write_text('{"version": "1", "artifacts": {"Tree": {"type": "cdk:tree"}}}')
    assert not is_cloud_assembly(str(tmp_path))
    (tmp_path / "package" / "cdk.out").mkdir(parents=True)
    (tmp_path / "package" / "manifest.json").write_text('{"name": "an npm-like manifest"}')
    assert not is_cloud_assembly(str(tmp_path / "package"))


def test_stack_resources_are_labelled_by_construct_path() -> None:
    [stack] = _load(QUEUE)
    assert isinstance(stack, CdkLoaded) and stack.dialect == "cdk" and stack.stack == "QueueWorker"
    assert stack.file == "QueueWorker.template.json" and not stack.problems
    assert stack.graph is not None
    queue = stack.graph.resources["OrdersA9B65338"]
    assert queue.origin.label == "QueueWorker/Orders" and queue.origin.logical_id == "OrdersA9B65338"
    assert queue.span.line == _line_of(QUEUE / "QueueWorker.template.json", '"OrdersA9B65338": {')
    role = stack.graph.resources["WorkerServiceRole8543584E"]
    assert role.origin.label == "QueueWorker/Worker/ServiceRole"


def test_construct_labels() -> None:
    assert construct_label("/Stack/Orders/Queue/Resource") == "Stack/Orders/Queue"
    assert construct_label("Stack/Seed/Default") == "Stack/Seed"
    assert construct_label("Stack/Api/Account") == "Stack/Api/Account"
    assert construct_label("Dev/Events.NestedStack/Events.NestedStackResource") == "Dev/Events"


def test_log_retention_framework_is_skipped_and_its_retention_kept() -> None:
    [stack] = _load(QUEUE)
    assert stack.graph is not None
    names = framework_resources(stack)
    assert len(names) == 3 and all("LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8a" in n for n in names)
    assert not any(rid.startswith("LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8a") for rid in stack.graph.resources)
    assert isinstance(stack, CdkLoaded)
    assert all(r.metadata[FRAMEWORK_KEY] == "cdk" for r in stack.framework_items)
    # Custom::LogRetention becomes the log group it manages, so the function has retention
    group = stack.graph.resources["WorkerLogRetention45F80F1E"]
    assert group.type == "AWS::Logs::LogGroup" and group.origin.type == "Custom::LogRetention"
    assert group.int_prop("RetentionInDays") == 30
    worker = stack.graph.resources["Worker11F36D0F"]
    assert stack.graph.log_groups_of(worker) == [group]


def test_rules_fire_on_the_template_line_with_the_construct_path() -> None:
    [stack] = _load(QUEUE)
    template = QUEUE / "QueueWorker.template.json"
    findings = _findings(stack)
    by_rule = {(f.rule.id, f.resource): f for f in findings}
    visibility = by_rule[("SQS002", "OrdersA9B65338")]
    assert visibility.label == "QueueWorker/Orders"
    assert visibility.span.file == "QueueWorker.template.json"
    assert visibility.span.line == _line_of(template, '"VisibilityTimeout"', after='"OrdersA9B65338": {')
    tracing = by_rule[("LAM001", "Worker11F36D0F")]
    assert tracing.label == "QueueWorker/Worker"
    assert tracing.span.line == _line_of(template, '"Worker11F36D0F": {')
    assert ("LAM008", "Reporter08098DAC") in by_rule  # no log retention
    assert ("LAM008", "Worker11F36D0F") not in by_rule  # log_retention=ONE_MONTH
    assert ("LAM001", "Reporter08098DAC") not in by_rule  # tracing=ACTIVE
    assert not [f for f in findings if "LogRetentionaae0" in f.resource]


def test_bucket_notifications_handler_is_skipped_and_the_trigger_kept() -> None:
    [stack] = _load(API)
    assert stack.graph is not None
    names = framework_resources(stack)
    assert "ApiBucket/BucketNotificationsHandler050a0587b7544547bf325f094a3db834" in names
    assert "ApiBucket/Uploads/Notifications" in names  # Custom::S3BucketNotifications
    assert "ApiBucket/Uploads/AutoDeleteObjectsCustomResource" in names
    assert "ApiBucket/Custom::S3AutoDeleteObjectsCustomResourceProvider/Handler" in names
    assert len(names) == 7
    types = {r.type for r in stack.graph.resources.values()}
    assert not {t for t in types if t.startswith("Custom::")}
    bucket = stack.graph.resources["Uploads4F6EB0FD"]
    on_upload = stack.graph.resources["OnUpload071E41C7"]
    assert {e.source.logical_id for e in stack.graph.incoming(on_upload, Relation.TRIGGERS)} == {bucket.logical_id}
    config = bucket.prop("NotificationConfiguration", "LambdaConfigurations", 0)
    assert isinstance(config, dict) and config["Event"] == "s3:ObjectCreated:*"
    notifications_line = _line_of(API / "ApiBucket.template.json", '"NotificationConfiguration"',
                                  after='"UploadsNotifications8DBDDF22": {')
    assert bucket.span_of(("NotificationConfiguration", "LambdaConfigurations", 0)).line > notifications_line
    findings = _findings(stack)
    async_failures = [f for f in findings if f.rule.id == "LAM006"]
    assert [(f.resource, f.label) for f in async_failures] == [("OnUpload071E41C7", "ApiBucket/OnUpload")]
    assert not [f for f in findings if f.resource.startswith(("BucketNotificationsHandler", "CustomS3AutoDelete"))]


def test_nested_stacks_and_stages_load() -> None:
    loaded = _by_file(_load(NESTED))
    assert set(loaded) == {"Dev.template.json", "DevEventsA0F5D9A2.nested.template.json",
                           "assembly-Prod/ProdPlatformE645C080.template.json",
                           "assembly-Prod/ProdPlatformEvents1F063C05.nested.template.json"}
    assert all(not item.problems and item.graph is not None for item in loaded.values())
    nested = loaded["assembly-Prod/ProdPlatformEvents1F063C05.nested.template.json"]
    assert isinstance(nested, CdkLoaded) and nested.stack == "Prod/Platform/Events"
    assert nested.graph is not None
    assert nested.graph.resources["Notify29C25B1B"].origin.label == "Prod/Platform/Events/Notify"
    parent = loaded["Dev.template.json"]
    assert parent.graph is not None
    assert parent.graph.resources["EventsNestedStackEventsNestedStackResourceB0DC4B0D"].origin.label == "Dev/Events"
    # the provider framework's function is skipped; the user's handler and custom resource stay
    assert framework_resources(parent) == ["Dev/SeedProvider/framework-onEvent/ServiceRole",
                                           "Dev/SeedProvider/framework-onEvent/ServiceRole/DefaultPolicy",
                                           "Dev/SeedProvider/framework-onEvent"]
    assert {"SeedHandler1BFDD5E3", "Seed"} <= set(parent.graph.resources)
    findings = _findings(nested)
    subscription = next(f for f in findings if f.rule.id == "SNS001")
    assert subscription.label == "Prod/Platform/Events/Notify/Alerts"
    assert subscription.span.file == "assembly-Prod/ProdPlatformEvents1F063C05.nested.template.json"
    template = NESTED / "assembly-Prod" / "ProdPlatformEvents1F063C05.nested.template.json"
    assert subscription.span.line == _line_of(template, '"NotifyAlerts427A5B7E": {')


def test_missing_template_is_a_problem_and_other_stacks_still_load(tmp_path: Path) -> None:
    copy = tmp_path / "cdk.out"
    shutil.copytree(NESTED, copy)
    (copy / "Dev.template.json").unlink()
    (copy / "assembly-Prod" / "ProdPlatformEvents1F063C05.nested.template.json").unlink()
    loaded = _by_file(_load(copy))
    manifest = loaded["manifest.json"]
    [problem] = manifest.problems
    assert manifest.graph is None and problem.kind is ErrorKind.READ
    assert "Dev.template.json" in problem.message and "manifest.json" in problem.message
    assert problem.line == _line_of(copy / "manifest.json", '"templateFile": "Dev.template.json"')
    parent = loaded["assembly-Prod/ProdPlatformE645C080.template.json"]
    assert parent.graph is not None and "SeedHandler1BFDD5E3" in parent.graph.resources
    [nested_problem] = parent.problems
    assert "ProdPlatformEvents1F063C05.nested.template.json" in nested_problem.message
    assert nested_problem.resource == "EventsNestedStackEventsNestedStackResourceB0DC4B0D"
    assert nested_problem.line == _line_of(copy / "assembly-Prod" / "ProdPlatformE645C080.template.json",
                                           '"EventsNestedStackEventsNestedStackResourceB0DC4B0D": {')


@pytest.mark.parametrize("text, expected", [
    ('{"version": "55.0.0", "artifacts": ', "invalid JSON"),
    ('{"version": "55.0.0"}', "lists no artifacts"),
    ('{"artifacts": {"S": {"type": "aws:cloudformation:stack", "properties": {}}}}', "names no template"),
    ('{"artifacts": {"P": {"type": "cdk:cloud-assembly", "properties": {"directoryName": "gone"}}}}', "gone"),
])
def test_bad_manifests_are_problems(tmp_path: Path, text: str, expected: str) -> None:
    copy = tmp_path / "cdk.out"
    copy.mkdir()
    (copy / "manifest.json").write_text(text)
    [loaded] = _load(copy)
    assert loaded.graph is None and expected in loaded.problems[0].message


def test_template_that_is_not_a_template(tmp_path: Path) -> None:
    copy = tmp_path / "cdk.out"
    shutil.copytree(QUEUE, copy)
    (copy / "QueueWorker.template.json").write_text('{"Resources": [1, }')
    [loaded] = _load(copy)
    assert loaded.graph is None and "invalid JSON" in loaded.problems[0].message


def _strip_paths(template: Path) -> None:
    document = json.loads(template.read_text())
    for body in document["Resources"].values():
        body.get("Metadata", {}).pop("aws:cdk:path", None)
    template.write_text(json.dumps(document, indent=1))


def test_without_path_metadata_paths_come_from_the_metadata_file(tmp_path: Path) -> None:
    copy = tmp_path / "cdk.out"
    shutil.copytree(NESTED, copy)
    for template in copy.rglob("*.template.json"):
        _strip_paths(template)
        for body in json.loads(template.read_text())["Resources"].values():
            assert "aws:cdk:path" not in body.get("Metadata", {})
    loaded = _by_file(_load(copy))
    nested = loaded["DevEventsA0F5D9A2.nested.template.json"]
    assert nested.graph is not None
    assert nested.graph.resources["Notify29C25B1B"].origin.label == "Dev/Events/Notify"
    assert len(framework_resources(loaded["Dev.template.json"])) == 3


def test_without_any_construct_path_framework_is_known_by_logical_id(tmp_path: Path) -> None:
    copy = tmp_path / "cdk.out"
    shutil.copytree(QUEUE, copy)
    _strip_paths(copy / "QueueWorker.template.json")
    (copy / "QueueWorker.metadata.json").unlink()
    [stack] = _load(copy)
    assert stack.graph is not None and not stack.problems
    assert stack.graph.resources["OrdersA9B65338"].origin.label is None
    assert len(framework_resources(stack)) == 3


def test_suppression_globs_match_construct_paths() -> None:
    [stack] = _load(QUEUE)
    findings = _findings(stack)
    suppressions, errors = config_suppressions(
        [{"ids": ["LAM001"], "reason": "traced by an OpenTelemetry layer", "resources": ["QueueWorker/Work*"]}],
        CATALOGUE, "pyproject.toml")
    assert not errors
    outcome = apply(findings, suppressions, CATALOGUE, date(2025, 1, 1))
    assert [(s.finding.rule.id, s.finding.label) for s in outcome.suppressed] == [("LAM001", "QueueWorker/Worker")]
    assert not outcome.meta


def test_other_dialects_have_no_framework_resources() -> None:
    assert framework_resources(Loaded("template.yaml", None)) == []


def test_symlink_loops_and_repeated_assemblies_are_read_once(tmp_path: Path) -> None:
    copy = tmp_path / "cdk.out"
    shutil.copytree(QUEUE, copy)
    manifest = json.loads((copy / "manifest.json").read_text())
    manifest["artifacts"]["Self"] = {"type": "cdk:cloud-assembly", "properties": {"directoryName": "."}}
    manifest["artifacts"]["Again"] = dict(manifest["artifacts"]["QueueWorker"])
    (copy / "manifest.json").write_text(json.dumps(manifest))
    loaded = _load(copy)
    assert [item.file for item in loaded] == ["QueueWorker.template.json"]
    assert os.path.isfile(copy / "QueueWorker.template.json")


def _resource(type_: str, path: str, **props: object) -> dict[str, object]:
    return {"Type": type_, "Properties": props, "Metadata": {"aws:cdk:path": path}}


def test_other_framework_constructs_are_recognised(tmp_path: Path) -> None:
    role = {"Ref": "AWS679f53fac002430cb0da5b7982bd2287ServiceRoleC1EA0FF2"}
    resources = {
        "AWS679f53fac002430cb0da5b7982bd22872D164C4C": _resource(
            "AWS::Lambda::Function", "S/AWS679f53fac002430cb0da5b7982bd2287/Resource", Role=role),
        "AWS679f53fac002430cb0da5b7982bd2287ServiceRoleC1EA0FF2": _resource(
            "AWS::IAM::Role", "S/AWS679f53fac002430cb0da5b7982bd2287/ServiceRole/Resource"),
        "LookupCustomResourcePolicy1C2D": _resource(
            "AWS::IAM::Policy", "S/Lookup/CustomResourcePolicy/Resource", Roles=[role], PolicyName="p"),
        "Lookup3B2A": _resource("Custom::AWS", "S/Lookup/Resource/Default"),
        "CustomCDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C81C01536": _resource(
            "AWS::Lambda::Function", "S/Custom::CDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C/Resource"),
        "DeployCustomResource1D2E": _resource("Custom::CDKBucketDeployment", "S/Deploy/CustomResource/Default"),
        "ExportsWriter1A2B": _resource("Custom::CrossRegionExportWriter", "S/ExportsWriter/Resource"),
        "CustomCrossRegionExportWriterCustomResourceProviderHandlerD8786E8A": _resource(
            "AWS::Lambda::Function", "S/Custom::CrossRegionExportWriterCustomResourceProvider/Handler"),
        "Mine1A2B3C": _resource("AWS::Lambda::Function", "S/Mine/Resource", Runtime="python3.12"),
    }
    copy = tmp_path / "cdk.out"
    copy.mkdir()
    (copy / "S.template.json").write_text(json.dumps({"Resources": resources}, indent=1))
    (copy / "manifest.json").write_text(json.dumps({"version": "55.0.0", "artifacts": {
        "S": {"type": "aws:cloudformation:stack", "properties": {"templateFile": "S.template.json"}}}}))
    [stack] = _load(copy)
    assert stack.graph is not None
    assert set(stack.graph.resources) == {"Lookup3B2A", "Mine1A2B3C"}
    assert len(framework_resources(stack)) == 7
    assert stack.graph.resources["Lookup3B2A"].origin.label == "S/Lookup"


def test_an_app_that_was_never_synthesized_is_a_notice_not_silence(tmp_path: Path) -> None:
    from slens.kinds import NoticeKind
    from slens.loaders.units import plan

    app = tmp_path / "app"
    (app / "lib").mkdir(parents=True)
    (app / "cdk.json").write_text('{"app": "npx ts-node bin/app.ts"}')
    found = plan([str(app)])
    assert [n.kind for n in found.notes] == [NoticeKind.NOT_SYNTHESIZED] and not found.units
    assert "cdk synth" in found.notes[0].message
    shutil.copytree(QUEUE, app / "cdk.out")  # synthesized: the assembly is reviewed, no notice
    found = plan([str(app)])
    assert not found.notes and [u.kind.value for u in found.units] == ["cdk"]


def test_a_template_synthesized_alone_is_reviewed_like_the_assembly(tmp_path: Path) -> None:
    from slens.scan import scan

    [template] = sorted(QUEUE.glob("*.template.json"))
    shutil.copy(template, tmp_path / "template.json")
    catalogue = load_catalogue()
    assembly, alone = scan([str(QUEUE)], catalogue), scan([str(tmp_path / "template.json")], catalogue)
    assert alone.findings and not alone.errors
    assert sorted((f.rule.id, f.resource) for f in alone.findings) == \
        sorted((f.rule.id, f.resource) for f in assembly.findings)
    assert alone.framework_skipped == assembly.framework_skipped > 0


def _app_with_frames(tmp_path: Path, frame: str) -> Path:
    """The queue worker app as if synthesized elsewhere, each construct created at ``frame``."""
    app = tmp_path / "app"
    (app / "lib").mkdir(parents=True)
    (app / "cdk.json").write_text('{"app": "npx ts-node bin/app.ts"}')
    (app / "lib" / "stack.ts").write_text("// the stack\n" * 40)
    shutil.copytree(QUEUE, app / "cdk.out")
    metadata = app / "cdk.out" / "QueueWorker.metadata.json"
    entries = json.loads(metadata.read_text())
    for items in entries.values():
        for item in items:
            if item["type"] == "aws:cdk:creationStack":
                item["data"] = ["new Queue (/ci/build/node_modules/aws-cdk-lib/aws-sqs/lib/queue.js:1:1)", frame]
    metadata.write_text(json.dumps(entries))
    return app


def test_findings_point_at_the_line_that_created_the_construct(tmp_path: Path) -> None:
    from slens.scan import scan

    app = _app_with_frames(tmp_path, "new QueueWorker (/home/someone/work/app/lib/stack.ts:12:5)")
    result = scan([str(app)], load_catalogue())
    assert result.findings and not result.errors
    assert {(Path(f.span.file).name, f.span.line, f.span.column) for f in result.findings} == {("stack.ts", 12, 5)}
    assert not [n for n in result.notices if n.kind.value == "no-creation-lines"]


@pytest.mark.parametrize("frame", ["new QueueWorker (/etc/passwd:1:1)", "garbage without a position",
                                   "new QueueWorker (/x/../../lib/missing.ts:3:4)"])
def test_a_frame_that_names_no_file_of_the_project_keeps_the_template_line(tmp_path: Path, frame: str) -> None:
    from slens.scan import scan

    app = _app_with_frames(tmp_path, frame)
    os.symlink("/etc/passwd", app / "passwd")  # a link out of the project is never a finding's place
    result = scan([str(app)], load_catalogue())
    assert result.findings and all(f.span.file.endswith(".template.json") for f in result.findings)
    assert [n.kind.value for n in result.notices] == ["no-creation-lines"]
