"""The one reading function: inside the project root only, regular files only, bounded."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from slens.loaders.files import Confinement, Refusal, Refused, project_root


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "t.yaml").write_text("a: 1\n")
    (tmp_path / "outside.txt").write_text("MARKER-outside\n")
    return root


def _refusal(confinement: Confinement, path: Path) -> Refusal:
    with pytest.raises(Refused) as caught:
        confinement.read_bytes(str(path))
    return caught.value.reason


def test_reads_a_regular_file_inside(project: Path) -> None:
    assert Confinement.of(str(project)).read_text(str(project / "sub" / "t.yaml")) == "a: 1\n"


@pytest.mark.parametrize("target", ["../outside.txt", "/etc/passwd", "/proc/self/environ"])
def test_paths_and_symlinks_leaving_the_root_are_refused(project: Path, target: str) -> None:
    confinement = Confinement.of(str(project))
    assert _refusal(confinement, project / target) is Refusal.OUTSIDE
    (project / "link").symlink_to(target if target.startswith("/") else project / target)
    assert _refusal(confinement, project / "link") is Refusal.OUTSIDE


def test_a_symlink_inside_the_root_is_read(project: Path) -> None:
    (project / "alias.yaml").symlink_to(project / "sub" / "t.yaml")
    assert Confinement.of(str(project)).read_text(str(project / "alias.yaml")) == "a: 1\n"


def test_a_fifo_is_refused_without_blocking(project: Path) -> None:
    os.mkfifo(project / "manifest.json")
    result: list[Refusal] = []
    reader = threading.Thread(target=lambda: result.append(_refusal(Confinement.of(str(project)),
                                                                    project / "manifest.json")))
    reader.start()
    reader.join(5)
    assert not reader.is_alive(), "reading a FIFO blocked"
    assert result == [Refusal.NOT_REGULAR]


def test_a_device_behind_a_link_inside_is_outside_and_never_read(project: Path) -> None:
    (project / "zero.json").symlink_to("/dev/zero")
    assert _refusal(Confinement.of(str(project)), project / "zero.json") is Refusal.OUTSIDE


def test_a_device_inside_the_root_is_not_regular(tmp_path: Path) -> None:
    # /dev itself as the project: the device is inside, and still never read
    assert _refusal(Confinement("/dev"), Path("/dev/zero")) is Refusal.NOT_REGULAR


def test_size_is_bounded(project: Path) -> None:
    (project / "big.yaml").write_bytes(b"x" * 2048)
    assert _refusal(Confinement.of(str(project), limit=1024), project / "big.yaml") is Refusal.TOO_LARGE
    assert len(Confinement.of(str(project), limit=2048).read_bytes(str(project / "big.yaml"))) == 2048


def test_missing_and_directories(project: Path) -> None:
    confinement = Confinement.of(str(project))
    assert _refusal(confinement, project / "nope.yaml") is Refusal.MISSING
    assert _refusal(confinement, project / "sub") is Refusal.NOT_REGULAR


def test_bad_utf8_names_the_line(project: Path) -> None:
    (project / "bad.yaml").write_bytes(b"a: 1\nb: caf\xe9\n")
    with pytest.raises(Refused, match="invalid UTF-8 at line 2"):
        Confinement.of(str(project)).read_text(str(project / "bad.yaml"))


def test_project_root_is_the_git_work_tree_or_the_scanned_folder(tmp_path: Path) -> None:
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    (tmp_path / "repo" / "infra").mkdir()
    (tmp_path / "repo" / "infra" / "t.yaml").write_text("")
    assert project_root(str(tmp_path / "repo" / "infra")) == str((tmp_path / "repo").resolve())
    assert project_root(str(tmp_path / "repo" / "infra" / "t.yaml")) == str((tmp_path / "repo").resolve())
    (tmp_path / "plain").mkdir()
    assert project_root(str(tmp_path / "plain")) == str((tmp_path / "plain").resolve())


def test_a_file_that_opens_and_fails_on_read_is_unreadable() -> None:
    """Works as root too: /proc/self/mem is a regular file that opens, and fails on read (EIO)."""
    assert _refusal(Confinement(os.path.realpath("/proc/self")), Path("/proc/self/mem")) is Refusal.UNREADABLE


def test_a_link_named_as_the_path_gets_the_root_of_where_it_stands(tmp_path: Path) -> None:
    (tmp_path / "link.yaml").symlink_to("/proc/self/environ")
    confinement = Confinement.of(str(tmp_path / "link.yaml"))
    assert confinement.root == str(tmp_path.resolve())
    assert _refusal(confinement, tmp_path / "link.yaml") is Refusal.OUTSIDE
