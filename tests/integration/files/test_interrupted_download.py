"""Plaintext after an interrupted download (issue 12 item 4): `kill -9` of a real
`privshare get` leaves its part file, which must be 0600 while it exists, and is then
removed by the next `privshare` start (the registry of parts), or by the next `get`
into that folder when the registry is gone (app/services/files/partials.py)."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from files_world import Device, write_random
from server_harness import ROOT
from world import PASSWORD

from app.services.files.partials import PART_SUFFIX, remove_leftovers

pytestmark = pytest.mark.integration

SIZE = 48 * 2**20


def _env(state: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRIVSHARE_")}
    return {**env, "PRIVSHARE_PASSWORD": PASSWORD, "XDG_STATE_HOME": str(state)}


def _privshare(device: Device, state: Path, *args: str) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "app", "--profile", str(device.profile), *args]
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env=_env(state),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _parts(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.endswith(PART_SUFFIX)]


def _killed_mid_download(device: Device, state: Path, out: Path) -> Path:
    """Start `privshare get`, kill -9 it once its part holds plaintext; the part."""
    process = _privshare(device, state, "get", "/big.bin", str(out))
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and process.poll() is None:
            parts = _parts(out)
            if parts and parts[0].stat().st_size > 0:
                process.send_signal(signal.SIGKILL)
                break
            time.sleep(0.002)
    finally:
        process.kill()
        process.wait()
    assert process.returncode == -signal.SIGKILL, "the download ended before the kill"
    [part] = _parts(out)
    return part


def test_a_killed_get_leaves_a_private_part_that_the_next_start_removes(
    alice: Device, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = write_random(tmp_path / "big.bin", SIZE)
    alice.files.put([tmp_path / "big.bin"], "/")
    alice.session.close()  # the commands open the vault themselves
    state, out = tmp_path / "state", tmp_path / "out"
    out.mkdir()

    part = _killed_mid_download(alice, state, out)
    assert stat.S_IMODE(part.stat().st_mode) == 0o600
    partial = part.read_bytes()
    assert partial and data.startswith(partial), "the part is decrypted plaintext"
    assert not (out / "big.bin").exists()

    started = _privshare(alice, state, "ls", "/")  # any command, at its start
    assert started.wait(60) == 0
    assert _parts(out) == [], "the next start removed the dead process's part"
    registry = state / "Privshare" / "partial-downloads"
    assert list(registry.iterdir()) == []

    part = _killed_mid_download(alice, state, out)
    for entry in registry.iterdir():  # the registry lost (another user profile, a wipe)
        entry.unlink()
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    assert remove_leftovers() == [], "nothing registered any more"
    got = _privshare(alice, state, "get", "/big.bin", str(out))
    assert got.wait(120) == 0
    assert not part.exists() and _parts(out) == [], "the next get into the folder removed it"
    assert (out / "big.bin").read_bytes() == data
