"""Start-up stays light: what a command does not need, it does not import (checked, not timed)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HEAVY = ("samtranslator", "boto3", "botocore", "jsonschema", "pydantic", "hcl2")


def _imported(*args: str, cwd: Path | None = None) -> set[str]:
    out = subprocess.run([sys.executable, "-X", "importtime", "-m", "slens", *args], capture_output=True,
                         text=True, cwd=cwd, timeout=120)
    modules = set()
    for line in out.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            modules.add(line.rsplit("|", 1)[1].strip().split(".")[0])
            modules.add(line.rsplit("|", 1)[1].strip())
    return modules


def test_version_imports_no_engine_and_no_heavy_dependency() -> None:
    modules = _imported("--version")
    assert not modules & set(HEAVY)
    assert "slens.engine" not in modules and "slens.rules" not in modules and "yaml" not in modules


def test_scanning_one_cloudformation_template_does_not_load_the_sam_transform(tmp_path: Path) -> None:
    (tmp_path / "t.yaml").write_text("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n")
    modules = _imported("scan", "t.yaml", "--no-cache", cwd=tmp_path)
    assert "slens.rules" in modules
    assert not modules & set(HEAVY), modules & set(HEAVY)


def test_scanning_a_sam_template_transforms_it_without_importing_the_aws_sdk_or_jsonschema(tmp_path: Path) -> None:
    # the transform imports boto3 for calls a static review never makes: not importing it saves
    # a quarter of a second per run and shows that a static scan cannot reach AWS
    (tmp_path / "t.yaml").write_text("Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n"
                                     "    Type: AWS::Serverless::Function\n    Properties:\n"
                                     "      Runtime: python3.12\n      Handler: a.h\n      InlineCode: x\n"
                                     "      Events:\n        Api:\n          Type: Api\n"
                                     "          Properties: {Path: /, Method: get}\n")
    script = ("import sys\nfrom slens.cli import main\nmain(['scan', 't.yaml', '--no-cache', '--fail-on', 'never'])\n"
              "print(sorted(m for m in sys.modules\n"
              "             if m.split('.')[0] in ('samtranslator', 'boto3', 'botocore', 'jsonschema')))")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert run.returncode == 0, run.stderr
    modules = run.stdout.splitlines()[-1]
    assert "samtranslator.translator.translator" in modules and "boto" not in modules and "jsonschema" not in modules
    assert "API005" in run.stdout  # the transform did its work: the implicit API's route is reviewed


def test_the_stood_in_sdk_loads_the_real_one_when_the_transform_uses_it() -> None:
    script = """
import sys
from slens.loaders.sam import prepare_transform
prepare_transform()
assert "boto3" not in sys.modules
from samtranslator.translator import arn_generator, translator
from samtranslator.plugins.application import serverless_app_plugin as sar
import botocore.exceptions
session = arn_generator.boto3.session.Session(region_name="eu-west-1")
assert type(session).__module__ == "boto3.session" and session.region_name == "eu-west-1"
assert translator.Session(region_name="eu-west-2").region_name == "eu-west-2"
assert issubclass(sar.ClientError, Exception) and sar.boto3.client.__name__ == "client"
"""
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr


def test_schema_models_the_transform_rarely_needs_load_on_first_use(tmp_path: Path) -> None:
    # a function's CapacityProviderConfig and capacity providers are checked against pydantic
    # models that are otherwise never read: they load when a template needs them, with the same
    # results and the same errors
    template = ("Transform: AWS::Serverless-2016-10-31\nResources:\n  Provider:\n"
                "    Type: AWS::Serverless::CapacityProvider\n    Properties:\n"
                "      VpcConfig:\n        SubnetIds: [subnet-1, subnet-2]\n  Fn:\n"
                "    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.13\n"
                "      Handler: app.handler\n      InlineCode: x\n      CapacityProviderConfig:\n"
                "        Arn: !GetAtt Provider.Arn\n")
    (tmp_path / "good.yaml").write_text(template)
    (tmp_path / "bad.yaml").write_text(template + "        PerExecutionEnvironmentMaxConcurrency: [1, 2]\n")
    script = """
import sys
from slens.loaders import load_file
from slens.loaders.transform_adapter import LAZY
from slens.loaders.sam import prepare_transform
prepare_transform()
print(sorted(type(sys.modules[name]).__name__ for name in LAZY))
good = load_file("good.yaml")
print(sorted(type(sys.modules[name]).__name__ for name in LAZY))
print(good.problems, sorted(r.type for r in good.graph.resources.values()))
print(load_file("bad.yaml").problems)
"""
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert run.returncode == 0, run.stderr
    before, after, good, bad = run.stdout.splitlines()
    assert before == "['_LazyModule', '_LazyModule']" and after == "['module', 'module']"
    assert good.startswith("[] ") and "AWS::Lambda::CapacityProvider" in good and "AWS::Lambda::Function" in good
    # slens's part: a transform error on the resource, naming the property the user wrote (the
    # sentence around it is the translator's, and changes between its releases)
    assert "kind=<ErrorKind.TRANSFORM: 'transform'>" in bad and "resource='Fn'" in bad
    assert "PerExecutionEnvironmentMaxConcurrency" in bad
