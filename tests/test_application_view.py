"""An application is more than one template (issue 14): stacks of one scan that export and import
values, write and read the same SSM parameters or nest each other are reviewed as one application.

Each fixture under ``tests/data/apps`` holds the templates of one application, and each shows a
finding that reviewing the templates one by one gets wrong: a dead-letter queue that only another
stack uses (flagged as a queue without a DLQ of its own), a queue whose consumer lives in another
stack (its visibility timeout judged without the consumer), a function that writes to the queue
that triggers it, named through an SSM parameter.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from slens import application
from slens.engine import NoticeKind, ScanResult
from slens.loaders import Cache, Loaded, LoadOptions, load_path
from slens.loaders.stats import STATS
from slens.loaders.units import Unit, UnitKind
from slens.model import Ref, Resource
from slens.model.stacks import Stack, StackLinks, links, merge
from slens.model.values import Imported
from slens.scan import ScanOptions, scan

ROOT = Path(__file__).resolve().parent.parent
APPS = Path(__file__).resolve().parent / "data" / "apps"


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def _findings(result: ScanResult) -> set[tuple[str, str, str]]:
    """(rule id, resource, file name) of every finding."""
    return {(f.rule.id, f.resource, Path(f.span.file).name) for f in result.findings}


def _alone(folder: Path, catalogue: object) -> set[tuple[str, str, str]]:
    """What reviewing each template of the folder on its own finds (the behaviour before)."""
    found: set[tuple[str, str, str]] = set()
    for template in sorted(folder.rglob("*.yaml")):
        found |= _findings(scan([str(template)], catalogue, ScanOptions(fail_on=None)))  # type: ignore[arg-type]
    return found


def _together(folder: Path, catalogue: object, **options: object) -> ScanResult:
    return scan([str(folder)], catalogue, ScanOptions(fail_on=None, **options))  # type: ignore[arg-type]


def _loaded(path: Path) -> Loaded:
    [loaded] = load_path(str(path), None)
    assert isinstance(loaded, Loaded) and loaded.graph is not None
    return loaded


# -- the model: links and the merged graph ----------------------------------------------------

def test_links_name_exports_imports_ssm_parameters_and_nested_templates() -> None:
    queues = _loaded(APPS / "export_import" / "queues.yaml")
    consumer = _loaded(APPS / "export_import" / "consumer.yaml")
    assert queues.graph is not None and consumer.graph is not None
    assert links(queues.graph, queues.exports) == StackLinks(exports=("OrdersQueueArn", "SharedDlqArn"))
    assert sorted(links(consumer.graph, consumer.exports).imports) == ["OrdersQueueArn", "SharedDlqArn"]
    worker = _loaded(APPS / "ssm_parameter" / "worker.yaml")
    producer = _loaded(APPS / "ssm_parameter" / "producer.yaml")
    assert worker.graph is not None and producer.graph is not None
    assert links(producer.graph, producer.exports).writes == ("/app/jobs-queue-arn",)
    assert links(worker.graph, worker.exports).reads == ("/app/jobs-queue-arn",)
    parent = _loaded(APPS / "sam_application" / "template.yaml")
    assert parent.graph is not None
    assert links(parent.graph, parent.exports).nested == ("./child/template.yaml",)  # the remote one is not


def test_an_import_is_unknown_alone_and_the_exported_resource_once_merged() -> None:
    queues = _loaded(APPS / "export_import" / "queues.yaml")
    consumer = _loaded(APPS / "export_import" / "consumer.yaml")
    assert queues.graph is not None and consumer.graph is not None
    [mapping] = consumer.graph.of_type("AWS::Lambda::EventSourceMapping")
    imported = mapping.prop("EventSourceArn")
    assert isinstance(imported, Imported) and imported.name == "OrdersQueueArn"
    assert consumer.graph.resolve(imported) is None
    graph = merge([Stack("queues", queues.graph, queues.exports), Stack("consumer", consumer.graph)])
    merged = graph.resources[mapping.logical_id]
    assert merged.prop("EventSourceArn") == Ref("OrdersQueue", "Arn")
    queue = graph.resolve(merged.prop("EventSourceArn"))
    assert isinstance(queue, Resource) and queue.span.file.endswith("queues.yaml")
    assert [f.logical_id for f in graph.consumers(queue)] == ["ProcessOrders"]
    assert graph.is_failure_target(graph.resources["SharedDlq"])  # RetryQueue's redrive target, in stack B


def test_colliding_logical_ids_are_prefixed_by_stack_and_keep_their_files(tmp_path: Path, catalogue: object) -> None:
    (tmp_path / "a.yaml").write_text(
        "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n      VisibilityTimeout: 30\n"
        "Outputs:\n  Arn:\n    Value: !GetAtt Queue.Arn\n    Export:\n      Name: QueueArn\n")
    (tmp_path / "b.yaml").write_text(
        "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n      RedrivePolicy:\n"
        "        deadLetterTargetArn: !ImportValue QueueArn\n        maxReceiveCount: 5\n")
    a, b = _loaded(tmp_path / "a.yaml"), _loaded(tmp_path / "b.yaml")
    assert a.graph is not None and b.graph is not None
    graph = merge([Stack("a", a.graph, a.exports), Stack("b", b.graph)])
    assert sorted(graph.resources) == ["a.Queue", "b.Queue"]
    assert graph.resources["b.Queue"].prop("RedrivePolicy", "deadLetterTargetArn") == Ref("a.Queue", "Arn")
    assert graph.resources["a.Queue"].span.file.endswith("a.yaml")
    assert not graph.resources["a.Queue"].generated
    result = _together(tmp_path, catalogue)
    # a's queue is b's dead-letter queue: no "queue without a DLQ" on it any more, and b's has one
    assert not {f for f in _findings(result) if f[0] == "SQS001"}
    alone = _alone(tmp_path, catalogue)
    assert ("SQS001", "Queue", "a.yaml") in alone
    # findings name resources as their templates wrote them, so fingerprints do not change
    assert ("SQS102", "Queue", "a.yaml") in _findings(result)
    assert {f.resource for f in result.findings} == {"Queue"}


# -- the scan: each fixture's finding that changes --------------------------------------------

def test_export_import_a_dlq_used_by_another_stack_and_a_consumer_in_another_stack(catalogue: object) -> None:
    folder = APPS / "export_import"
    before, after = _alone(folder, catalogue), _findings(_together(folder, catalogue))
    assert ("SQS001", "SharedDlq", "queues.yaml") in before
    assert ("SQS001", "SharedDlq", "queues.yaml") not in after
    assert ("SQS002", "OrdersQueue", "queues.yaml") not in before
    assert ("SQS002", "OrdersQueue", "queues.yaml") in after  # 30 s, below 6 x its consumer's 60 s
    assert ("LAM307", "ProcessOrders", "consumer.yaml") in after - before


def test_ssm_parameter_a_worker_writing_to_the_queue_that_triggers_it(catalogue: object) -> None:
    folder = APPS / "ssm_parameter"
    before, after = _alone(folder, catalogue), _findings(_together(folder, catalogue))
    assert ("LAM309", "Worker", "worker.yaml") in after - before  # function-writes-to-its-trigger
    assert ("SQS002", "JobsQueue", "producer.yaml") in after - before


def test_nested_stack_a_parameter_passed_to_a_local_child(catalogue: object) -> None:
    folder = APPS / "nested_stack"
    before, after = _alone(folder, catalogue), _findings(_together(folder, catalogue))
    assert ("SQS002", "EventsQueue", "parent.yaml") in after - before
    assert ("LAM307", "ConsumerMapping", "child.yaml") in after - before


def test_sam_application_local_child_reviewed_with_it_remote_one_listed(catalogue: object) -> None:
    folder = APPS / "sam_application"
    before = _alone(folder, catalogue)
    result = _together(folder, catalogue)
    assert ("SQS001", "FailedOrders", "template.yaml") in before
    assert ("SQS001", "FailedOrders", "template.yaml") not in _findings(result)
    remote = [n for n in result.notices if n.kind is NoticeKind.REMOTE_STACK]
    assert len(remote) == 1 and "Rotation" in remote[0].message and "not reviewed" in remote[0].message
    assert len(result.scanned_files) == 2


def test_unlinked_templates_keep_their_own_review(catalogue: object, tmp_path: Path) -> None:
    for name in ("one", "two"):
        (tmp_path / f"{name}.yaml").write_text("Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n")
    assert _findings(_together(tmp_path, catalogue)) == _alone(tmp_path, catalogue)


# -- cache, bounds, confinement ----------------------------------------------------------------

def test_linked_templates_are_reassembled_from_cached_results(catalogue: object, tmp_path: Path) -> None:
    folder = APPS / "export_import"
    options = {"load": LoadOptions(cache=Cache(tmp_path / "cache"))}
    cold = _together(folder, catalogue, **options)
    hits = STATS["result_hit"]
    warm = _together(folder, catalogue, **options)
    assert STATS["result_hit"] - hits == 2  # both answered by the cache, then linked again
    assert cold.findings == warm.findings
    assert ("SQS002", "OrdersQueue", "queues.yaml") in _findings(warm)


def test_a_group_over_the_cap_is_reviewed_template_by_template(catalogue: object,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    folder = APPS / "export_import"
    monkeypatch.setattr(application, "MAX_STACKS", 1)
    result = _together(folder, catalogue)
    assert _findings(result) == _alone(folder, catalogue)
    [notice] = [n for n in result.notices if n.kind is NoticeKind.LARGE_APPLICATION]
    assert "2 templates" in notice.message


def test_a_nested_template_outside_the_project_is_never_linked(tmp_path: Path) -> None:
    unit = Unit(UnitKind.FILE, str(tmp_path / "app" / "parent.yaml"), root=str(tmp_path / "app"))
    assert application._child(unit, "../outside.yaml") is None
    assert application._child(unit, "./child.yaml") == str(tmp_path / "app" / "child.yaml")


def test_templates_that_nest_each_other_or_themselves_are_merged_once(tmp_path: Path, catalogue: object) -> None:
    nest = ("Parameters:\n  Arn:\n    Type: String\nResources:\n  {name}Queue:\n    Type: AWS::SQS::Queue\n"
            "    Properties:\n      RedrivePolicy:\n        deadLetterTargetArn: !Ref Arn\n        maxReceiveCount: 5\n"
            "  Self:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: ./{name}.yaml\n"
            "  Other:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: ./{other}.yaml\n"
            "      Parameters:\n        Arn: !GetAtt {name}Queue.Arn\n")
    (tmp_path / "a.yaml").write_text(nest.format(name="a", other="b"))
    (tmp_path / "b.yaml").write_text(nest.format(name="b", other="a"))
    result = _together(tmp_path, catalogue)
    assert len(result.scanned_files) == 2 and not result.errors
    # each queue is the other's dead-letter queue once the two are one application
    assert {f for f in _findings(result) if f[0] == "SQS102"} == {("SQS102", "aQueue", "a.yaml"),
                                                                  ("SQS102", "bQueue", "b.yaml")}


def test_linking_is_the_same_when_units_are_reviewed_in_workers(catalogue: object,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from slens.engine import pool

    folder = APPS / "export_import"
    serial = _together(folder, catalogue)
    monkeypatch.setattr(pool, "PARALLEL_MIN_FILES_PER_JOB", 1)
    parallel = _together(folder, catalogue, jobs=2)
    assert _findings(parallel) == _findings(serial)
    assert ("SQS002", "OrdersQueue", "queues.yaml") in _findings(parallel)
