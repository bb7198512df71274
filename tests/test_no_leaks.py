"""No secret reaches any output: template secrets and the environment's, in every format."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from slens.cli import FORMATS
from slens.model.secrets import environment_secrets, mask, scrub

NO_ECHO_DEFAULT = "hunter2-Zq9xK7mW"
ENV_VALUE = "tok-Qv8Plain-Value-77"
ENVIRONMENT_TOKEN = "ci-Token-Marker-5f2e9a"
TEMPLATE = f"""\
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  DbPassword:
    Type: String
    NoEcho: true
    Default: {NO_ECHO_DEFAULT}
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: !Sub "orders-${{DbPassword}}"
      Runtime: python3.13
      Handler: app.handler
      Role: arn:aws:iam::123456789012:role/r
      Code: {{ZipFile: "pass"}}
      Environment:
        Variables:
          API_TOKEN: {ENV_VALUE}
          TOKEN_ECHO: {ENVIRONMENT_TOKEN}
"""


def _fragments(secret: str) -> list[str]:
    """The secret and every 8-character piece of it: a kept prefix or suffix is a leak too."""
    return [secret] + [secret[i:i + 8] for i in range(len(secret) - 7)]


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_secret_in_any_format(tmp_path: Path, fmt: str) -> None:
    (tmp_path / "template.yaml").write_text(TEMPLATE)
    env = {**os.environ, "CI_JOB_TOKEN": ENVIRONMENT_TOKEN, "NO_COLOR": "1"}
    out = subprocess.run([sys.executable, "-m", "slens", "scan", ".", "--no-cache", "--format", fmt,
                          "--include-suppressed"], cwd=tmp_path, capture_output=True, text=True, env=env,
                         timeout=120)
    assert out.returncode == 1, out.stderr
    assert "LAM008" in out.stdout and "LAM203" in out.stdout  # the rules that used to quote them still fire
    printed = out.stdout + out.stderr
    for secret in (NO_ECHO_DEFAULT, ENV_VALUE, ENVIRONMENT_TOKEN):
        leaked = [piece for piece in _fragments(secret) if piece in printed]
        assert not leaked, (secret, leaked)


def test_mask_keeps_nothing_but_the_length() -> None:
    assert mask("sk_live_0123456789abcdefghij") == "…(28 chars)"
    assert scrub("name-hunter2-Zq9xK7mW-x", frozenset({NO_ECHO_DEFAULT, "hunter2"})) == "name-…(16 chars)-x"


def test_environment_secrets_are_the_secret_named_or_key_looking_values() -> None:
    found = environment_secrets({"GITHUB_TOKEN": "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
                                 "DB_PASSWORD": "correct-horse", "HOME": "/root", "PATH": "/usr/bin:/bin",
                                 "SECRET_ARN": "arn:aws:secretsmanager:eu-west-1:1:secret:x", "EMPTY_TOKEN": ""})
    assert found == {"ghp_abcdefghijklmnopqrstuvwxyz0123456789", "correct-horse"}
