"""Configuration as a typed object: each setting a field of its own type, errors naming the source."""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path

import pytest

from slens.config import KEYS, Config, ConfigError, describe, load_config
from slens.engine import Severity


def _load(tmp_path: Path, toml: str, environ: dict[str, str] | None = None, **cli: object) -> Config:
    (tmp_path / ".slens.toml").write_text(toml)
    return load_config(tmp_path, None, {k.replace("_", "-"): v for k, v in cli.items()}, environ or {})


def test_every_key_is_a_field_and_the_defaults_are_typed(tmp_path: Path) -> None:
    fields = {f.name for f in dataclasses.fields(Config)}
    assert {key.replace("-", "_") for key in KEYS} | {"sources", "file"} == fields
    config = load_config(tmp_path, None, None, {})
    assert config.fail_on is Severity.MEDIUM and config.max_file_size == 5 * 1024 * 1024
    assert config.select == () and config.suppress == () and config.severity == {} and config.cache is True
    assert config.file is None and set(config.sources.values()) == {"default"}
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.jobs = 3  # type: ignore[misc]


def test_values_are_parsed_into_their_types_with_their_sources(tmp_path: Path) -> None:
    config = _load(tmp_path, 'select = "LAM001, LAM004"\nfail-on = "never"\n[severity]\nLAM001 = "high"\n'
                             '[[suppress]]\nid = "LAM004"\nreason = "legacy"\n',
                   {"SLENS_MAX_FILE_SIZE": "1024"}, jobs=2)
    assert config.select == ("LAM001", "LAM004") and config.fail_on is None
    assert config.severity == {"LAM001": Severity.HIGH}
    assert config.suppress == ({"id": "LAM004", "reason": "legacy"},)
    assert config.max_file_size == 1024 and config.jobs == 2
    assert config.sources["max-file-size"] == "environment SLENS_MAX_FILE_SIZE"
    assert config.sources["jobs"] == "command line" and config.sources["select"] == str(tmp_path / ".slens.toml")
    assert config.file == tmp_path / ".slens.toml"


@pytest.mark.parametrize(("toml", "message"), [
    ('[severity]\nLAM001 = "urgent"\n', ": severity.LAM001 must be one of critical, high, medium, low, info"),
    ('fail-on = "sometimes"\n', ": bad value for 'fail-on': expected one of critical, high, medium, low, info, never"),
    ("max-file-size = -1\n", ": bad value for 'max-file-size': expected a positive number"),
    ("selekt = []\n", ": unknown key 'selekt'"),
])
def test_errors_name_the_file_and_the_key(tmp_path: Path, toml: str, message: str) -> None:
    with pytest.raises(ConfigError) as error:
        _load(tmp_path, toml)
    assert str(error.value).startswith(str(tmp_path / ".slens.toml")) and message in str(error.value)


def test_describe_is_read_back_as_the_same_configuration(tmp_path: Path) -> None:
    config = _load(tmp_path, 'fail-on = "never"\nexclude = ["build/"]\n[severity]\nLAM001 = "low"\n'
                             '[rules.LAM005]\ndays_ahead = 90\n')
    written = describe(config)
    assert "fail-on = 'never'" in written and "severity = {LAM001 = 'low'}" in written
    (tmp_path / "again").mkdir()
    again = _load(tmp_path / "again", written)
    assert dataclasses.replace(again, sources=config.sources, file=config.file) == config
    assert tomllib.loads(written)["fail-on"] == "never"
