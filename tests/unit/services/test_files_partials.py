"""Part files of downloads (app/services/files/partials.py): 0600 while they exist,
registered, and removed only when their process is dead."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from app.services.files import partials


@pytest.fixture(autouse=True)
def state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    return tmp_path / "state"


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_part_is_private_registered_and_published_with_the_usual_mode(tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    with partials.new_part_file(target) as (part, sink):
        assert stat.S_IMODE(part.stat().st_mode) == 0o600
        assert [e.read_text() for e in partials.registry_dir().iterdir()] == [str(part)]
        assert partials.remove_leftovers(tmp_path) == [], "its process (this one) runs"
        sink.write(b"plain")
        sink.close()
        partials.publish(part, target)
    umask = os.umask(0o022)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask
    assert list(partials.registry_dir().iterdir()) == []


def test_a_failed_download_leaves_no_part_and_no_entry(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), partials.new_part_file(tmp_path / "x") as (part, _):
        raise RuntimeError("tampering")
    assert not part.exists()
    assert list(partials.registry_dir().iterdir()) == []


def test_leftovers_of_dead_processes_go_and_nothing_else(tmp_path: Path) -> None:
    dead, alive = _dead_pid(), os.getppid()
    registry = partials.registry_dir()
    registry.mkdir(parents=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    registered = elsewhere / f".a.txt.{dead}-0123456789ab.privshare-part"
    registered.write_bytes(b"plaintext")
    (registry / f"{dead}-0123456789ab").write_text(str(registered))
    folder_part = tmp_path / f".b.{dead}-abcdefabcdef.privshare-part"
    folder_part.mkdir()
    (folder_part / "inner.txt").write_bytes(b"plaintext")
    running = tmp_path / f".c.{alive}-abcdefabcdef.privshare-part"
    running.write_bytes(b"in progress")
    unrelated = [tmp_path / ".d.txt.privshare-part", tmp_path / "notes.txt"]
    for path in unrelated:
        path.write_bytes(b"mine")
    removed = partials.remove_leftovers(tmp_path)
    assert sorted(removed) == sorted([registered, folder_part])
    assert not registered.exists() and not folder_part.exists()
    assert running.exists() and all(path.exists() for path in unrelated)
    assert list(registry.iterdir()) == []
