"""Notices (what slens could not review, through no fault of the user's) and where findings point.

Each case is checked as a user meets it, by running slens as a process: the exit code never
depends on a notice, and every format carries them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from textwrap import dedent
from typing import Any

import jsonschema

from slens.engine import ErrorKind, Notice, NoticeKind, ScanError, ScanResult, Severity
from slens.loaders import Cache, Loaded, LoadOptions, load_file
from slens.loaders.terraform import load_module_stats
from slens.report import RENDERERS
from slens.rules import load_catalogue
from slens.scan import ScanOptions, scan

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data" / "notices"
SERVICE = DATA / "serverless-fragments"


def slens(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "slens", "scan", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, env={**os.environ, "NO_COLOR": "1"})


def as_json(*args: str, cwd: Path = ROOT) -> tuple[int, dict[str, Any]]:
    out = slens(*args, "--format", "json", cwd=cwd)
    return out.returncode, json.loads(out.stdout)


def relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


# -- the result and its formats ----------------------------------------------------------------

NOTICE = Notice("infra/main.tf", 3, NoticeKind.REMOTE_MODULE,
                "module lambda (source terraform-aws-modules/lambda/aws) is not reviewed: run `terraform init`")
NOT_A_TEMPLATE = Notice("notes.yaml", None, NoticeKind.NOT_A_TEMPLATE, "not a template (...), not reviewed")


def _result(*errors: ScanError) -> ScanResult:
    return ScanResult(findings=(), errors=errors, files_scanned=1, files_skipped=1, tool_version="9.9.9",
                      fail_on=Severity.INFO, scanned_files=("infra/main.tf",), notices=(NOTICE, NOT_A_TEMPLATE))


def test_notices_never_change_the_exit_code() -> None:
    assert _result().exit_code == 0
    assert _result(ScanError("x.yaml", 1, ErrorKind.PARSE, "bad")).exit_code == 2


def test_every_format_carries_the_notices() -> None:
    result = _result()
    out = {name: render(result, False) for name, render in RENDERERS.items()}
    assert "notices\n  infra/main.tf:3: module lambda" in out["text"]
    assert "0 errors, 2 notices" in out["text"]
    document = json.loads(out["json"])
    assert document["notices"][0] == {"file": "infra/main.tf", "line": 3, "kind": "remote-module",
                                      "message": NOTICE.message}
    assert document["summary"]["notices"] == 2 and document["summary"]["exit_code"] == 0
    assert document["files"] == {"scanned": ["infra/main.tf"], "skipped": []}
    assert "infra/main.tf:3: note[remote-module]: module lambda" in out["concise"]
    assert "notes.yaml: note[not-a-template]: not a template" in out["concise"]
    assert "::notice file=infra/main.tf,line=3,title=slens remote-module::module lambda" in out["github"]
    assert "### Not reviewed" in out["markdown"] and "- infra/main.tf:3: module lambda" in out["markdown"]
    assert 'name="note[remote-module]: module lambda' in out["junit"] and "<skipped" in out["junit"]
    # nothing in notes.yaml was reviewed: no passing testcase for it
    assert 'classname="notes.yaml" name="slens: no finding"' not in out["junit"]
    assert json.loads(out["gitlab"]) == []  # Code Quality has no place for them (see report/gitlab.py)


def test_sarif_notices_are_note_notifications_of_a_successful_run() -> None:
    document = json.loads(RENDERERS["sarif"](_result(), False))
    schema = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.validate(document, schema)
    [invocation] = document["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is True
    first = invocation["toolExecutionNotifications"][0]
    assert first["level"] == "note" and first["descriptor"]["id"] == "slens/remote-module"
    assert first["locations"][0]["physicalLocation"]["region"] == {"startLine": 3}


# -- Terraform registry modules -----------------------------------------------------------------

def test_a_registry_module_not_downloaded_is_a_notice_not_an_error() -> None:
    out = slens(str(DATA / "tf-registry"))
    assert out.returncode == 0, out.stdout + out.stderr
    assert "notices\n  " in out.stdout and "module lambda (source terraform-aws-modules/lambda/aws) is not " \
                                          "reviewed" in out.stdout and "`terraform init`" in out.stdout
    code, document = as_json(str(DATA / "tf-registry"))
    assert code == 0 and document["errors"] == []
    [notice] = document["notices"]
    assert notice["kind"] == "remote-module" and notice["file"] == relative(DATA / "tf-registry" / "main.tf")
    assert notice["line"] == 3


def test_a_registry_module_downloaded_by_terraform_init_is_reviewed_as_a_local_one() -> None:
    code, document = as_json(str(DATA / "tf-installed"))
    assert code == 1 and document["errors"] == [] and document["notices"] == []
    module_file = relative(DATA / "tf-installed" / ".terraform" / "modules" / "lambda" / "main.tf")
    found = {(f["rule_id"], f["resource"]): f for f in document["findings"]}
    tracing = found[("LAM001", "module.lambda.aws_lambda_function.this")]
    assert tracing["file"] == module_file and tracing["line"] == 13 and tracing["column"] == 3
    # the caller's inputs reach the module: the function's name is the one main.tf gives
    name = found[("CFN101", "module.lambda.aws_lambda_function.this")]
    assert "'orders'" in name["message"] and name["line"] == 6


def _tree(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dedent(text))


def _manifest(*modules: tuple[str, str]) -> str:
    return json.dumps({"Modules": [{"Key": "", "Source": "", "Dir": "."}]
                      + [{"Key": key, "Source": "registry.terraform.io/x/y/aws", "Dir": folder}
                         for key, folder in modules]})


def test_a_manifest_folder_outside_the_root_module_is_never_read(tmp_path: Path) -> None:
    _tree(tmp_path, {
        "elsewhere/main.tf": 'resource "aws_sqs_queue" "stolen" {}\n',
        "root/main.tf": 'module "q" {\n  source = "x/y/aws"\n}\n',
        "root/.terraform/modules/modules.json": _manifest(("q", "../elsewhere")),
    })
    main = tmp_path / "root" / "main.tf"
    loaded, _ = load_module_stats([str(main)], {str(main): "main.tf"}, project_root=str(tmp_path))
    assert loaded.graph is not None and list(loaded.graph.resources) == []
    assert loaded.problems == [] and [n.kind for n in loaded.notes] == [NoticeKind.REMOTE_MODULE]


def test_registry_modules_inside_registry_modules_are_found_by_their_key(tmp_path: Path) -> None:
    _tree(tmp_path, {
        "main.tf": 'module "app" {\n  source = "x/app/aws"\n  name = "jobs"\n}\n',
        ".terraform/modules/app/main.tf": 'module "queue" {\n  source = "x/queue/aws"\n  name = var.name\n}\n'
                                          'variable "name" {}\n',
        ".terraform/modules/app.queue/main.tf": 'variable "name" {}\nresource "aws_sqs_queue" "this" {\n'
                                                '  name = var.name\n}\n',
        ".terraform/modules/modules.json": _manifest(("app", ".terraform/modules/app"),
                                                     ("app.queue", ".terraform/modules/app.queue")),
    })
    main = tmp_path / "main.tf"
    loaded, _ = load_module_stats([str(main)], {str(main): "main.tf"}, project_root=str(tmp_path))
    assert loaded.graph is not None and loaded.problems == [] and loaded.notes == []
    queue = loaded.graph.resources["module.app.module.queue.aws_sqs_queue.this"]
    assert queue.prop("QueueName") == "jobs"
    assert queue.span.file == ".terraform/modules/app.queue/main.tf"


def test_terraform_findings_carry_a_column() -> None:
    out = slens(str(DATA / "tf-installed"), "--format", "concise")
    lines = out.stdout.splitlines()
    assert lines and all(line.split(":")[2].isdigit() for line in lines), out.stdout
    text = slens(str(DATA / "tf-installed")).stdout
    assert ":?" not in text and "     13:3  low      OPS1  LAM001" in text


# -- templates: remote nested applications, macros ----------------------------------------------

def test_remote_nested_applications_and_stacks_are_notices() -> None:
    code, document = as_json(str(DATA / "nested-apps"))
    assert code == 1 and document["errors"] == []  # the queue's findings, never the notices
    template = relative(DATA / "nested-apps" / "template.yaml")
    notices = [(n["file"], n["line"], n["kind"], n["message"].split(":")[0]) for n in document["notices"]]
    assert notices == [(template, 6, "remote-stack", "Auth"), (template, 13, "remote-stack", "Billing"),
                       (template, 18, "remote-stack", "Shared")]
    assert "arn:aws:serverlessrepo:us-east-1:123456789012:applications/auth 1.2.3" in document["notices"][0]["message"]
    # a nested application kept beside its parent is a template of its own, reviewed as one
    assert relative(DATA / "nested-apps" / "reports" / "template.yaml") in document["files"]["scanned"]


def test_an_unknown_macro_is_a_notice() -> None:
    out = slens(str(DATA / "macro" / "template.yaml"))
    assert out.returncode == 0, out.stdout + out.stderr
    assert "template.yaml:2: Transform AcmeStandards is a macro that CloudFormation runs at deploy time: its " \
           "output cannot be seen offline, so the template was reviewed as written" in out.stdout


def test_known_transforms_and_cdk_nested_stacks_are_no_notices() -> None:
    _, document = as_json(str(ROOT / "tests" / "data" / "cdk"), str(ROOT / "examples"))
    # the test assemblies were synthesized without the apps' code: no creation line to point at
    assert [n for n in document["notices"] if n["kind"] != "no-creation-lines"] == []


# -- files that are not templates ---------------------------------------------------------------

def test_a_file_named_on_the_command_line_that_is_not_a_template_gets_a_notice(tmp_path: Path) -> None:
    (tmp_path / "notes.yaml").write_text("title: release notes\nitems:\n  - faster scans\n")
    out = slens("notes.yaml", cwd=tmp_path)
    assert out.returncode == 0
    assert "notes.yaml: not a template (no Resources of AWS:: types" in out.stdout and "not reviewed" in out.stdout
    assert "0 files scanned, 1 skipped; 0 errors, 1 notice" in out.stdout
    code, document = as_json("notes.yaml", cwd=tmp_path)
    assert code == 0 and document["files"]["scanned"] == []
    [skipped] = document["files"]["skipped"]
    assert skipped["file"] == "notes.yaml" and skipped["reason"].startswith("not a template")
    assert document["summary"]["files_skipped"] == 1


def test_a_file_found_in_a_folder_that_is_not_a_template_is_skipped_quietly(tmp_path: Path) -> None:
    (tmp_path / "notes.yaml").write_text("title: release notes\n")
    (tmp_path / "queue.yaml").write_text("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n")
    code, document = as_json(".", cwd=tmp_path)
    assert code == 1 and document["notices"] == [] and document["files"]["scanned"] == ["queue.yaml"]
    assert document["files"]["skipped"] == [{"file": "notes.yaml", "reason": "not a template"}]


# -- Serverless Framework: what ${file()} includes ----------------------------------------------

def test_a_service_s_pieces_are_reviewed_with_it_never_on_their_own() -> None:
    code, document = as_json(str(SERVICE))
    service, resources = relative(SERVICE / "serverless.yml"), relative(SERVICE / "resources.yml")
    assert code == 1 and document["errors"] == [] and document["files"]["scanned"] == [service]
    skipped = {s["file"]: s["reason"] for s in document["files"]["skipped"]}
    assert skipped[resources] == f"part of the service {service}, reviewed there"
    # a path built from a variable names every file it could be
    assert relative(SERVICE / "config" / "prod.yml") in skipped
    names = [(f["rule_id"], f["resource"], f["file"], f["line"]) for f in document["findings"]]
    # once, from the service: the fragment alone would also have given a second CFN101 for Archive
    assert [n for n in names if n[0] == "CFN101"] == [("CFN101", "JobsQueue", resources, 6)]


def test_findings_in_an_included_piece_point_at_its_lines() -> None:
    out = slens(".", "--format", "concise", cwd=SERVICE)
    assert "resources.yml:6:7: CFN101 JobsQueue has the fixed QueueName 'orders-jobs'" in out.stdout
    assert "resources.yml:3:3: SQS001 queue JobsQueue" in out.stdout
    assert "serverless.yml:12:3: LAM101" in out.stdout  # the function, written in serverless.yml


def test_a_piece_named_alone_is_reviewed_through_its_service() -> None:
    code, document = as_json("resources.yml", cwd=SERVICE)
    assert code == 1 and document["files"]["scanned"] == ["serverless.yml"] and document["errors"] == []
    assert [s["file"] for s in document["files"]["skipped"]] == ["resources.yml"]
    assert ("SQS002", "resources.yml", 7) in {(f["rule_id"], f["file"], f["line"]) for f in document["findings"]}


def test_suppressions_written_in_a_piece_apply(tmp_path: Path) -> None:
    shutil.copytree(SERVICE, tmp_path / "svc")
    pieces = tmp_path / "svc" / "resources.yml"
    text = pieces.read_text().replace("    Type: AWS::SQS::Queue\n", "    Type: AWS::SQS::Queue\n    Metadata:\n"
                                      "      slens:\n        ignore:\n          - id: SQS001\n"
                                      "            reason: failures are replayed from the archive\n")
    pieces.write_text(text)
    code, document = as_json("--include-suppressed", ".", cwd=tmp_path / "svc")
    assert code == 1
    suppressed = {(s["rule_id"], s["file"], s["suppression"]["source"]) for s in document["suppressed"]}
    assert ("SQS001", "resources.yml", "template metadata") in suppressed
    assert ("CFN101", "resources.yml", "inline comment") in suppressed
    assert not any(f["rule_id"] in ("SQS001", "SLN001") for f in document["findings"])


def _service(tmp_path: Path, text: str) -> Loaded:
    (tmp_path / "serverless.yml").write_text(dedent(text))
    loaded = load_file(str(tmp_path / "serverless.yml"), name="serverless.yml")
    assert isinstance(loaded, Loaded)
    return loaded


def test_a_problem_in_a_piece_is_reported_in_that_piece(tmp_path: Path) -> None:
    (tmp_path / "resources.yml").write_text("Resources:\n  Broken:\n    Properties: {}\n")
    loaded = _service(tmp_path, """\
        service: s
        provider:
          name: aws
        resources: ${file(resources.yml)}
        """)
    [problem] = loaded.problems
    assert problem.file == "resources.yml" and problem.line == 2 and "Broken has no Type" in problem.message


def test_what_slens_does_not_read_through_file_is_a_notice_and_a_missing_file_an_error(tmp_path: Path) -> None:
    (tmp_path / "shared.yml").write_text("memorySize: 512\n")
    service = tmp_path / "svc"
    service.mkdir()
    (service / "config.js").write_text("module.exports = () => ({ memorySize: 256 })\n")
    (service / "serverless.yml").write_text(dedent("""\
        service: s
        provider:
          name: aws
          runtime: python3.12
          memorySize: ${file(../shared.yml):memorySize}
          timeout: ${file(./config.js):timeout}
        """))
    code, document = as_json(".", cwd=service)
    assert code != 2 and document["errors"] == []
    assert [(n["kind"], n["line"]) for n in document["notices"]] == [("outside-project", 5), ("include", 6)]
    assert "outside the service's folder" in document["notices"][0]["message"]
    assert "runs JavaScript at deploy time" in document["notices"][1]["message"]
    (service / "serverless.yml").write_text("service: s\nprovider:\n  name: aws\n"
                                            "custom: ${file(./missing.yml)}\n")
    code, document = as_json(".", cwd=service)
    assert code == 2 and "missing.yml does not exist" in document["errors"][0]["message"]


def test_a_changed_piece_is_a_changed_service_for_the_cache(tmp_path: Path) -> None:
    shutil.copytree(SERVICE, tmp_path / "svc")
    catalogue = load_catalogue()

    def visibility_findings() -> list[str]:
        options = ScanOptions(fail_on=Severity.INFO, load=LoadOptions(cache=Cache(tmp_path / "cache")))
        return [f.message for f in scan([str(tmp_path / "svc")], catalogue, options).findings if f.rule.id == "SQS002"]

    assert len(visibility_findings()) == 1
    assert len(visibility_findings()) == 1  # warm: from the cache
    pieces = tmp_path / "svc" / "resources.yml"
    pieces.write_text(pieces.read_text().replace("VisibilityTimeout: 60", "VisibilityTimeout: 900"))
    assert visibility_findings() == []


def test_a_framework_package_beside_its_service_is_skipped_with_the_reason(tmp_path: Path) -> None:
    shutil.copytree(SERVICE, tmp_path / "svc")
    package = tmp_path / "svc" / ".serverless" / "cloudformation-template-update-stack.json"
    package.parent.mkdir()
    package.write_text(json.dumps({"Resources": {"Q": {"Type": "AWS::SQS::Queue"}}}))
    code, document = as_json(".", cwd=tmp_path / "svc")
    assert code == 1
    skipped = {s["file"]: s["reason"] for s in document["files"]["skipped"]}
    assert skipped[".serverless/cloudformation-template-update-stack.json"] == \
        "part of the service serverless.yml, reviewed there"
    assert document["files"]["scanned"] == ["serverless.yml"]
