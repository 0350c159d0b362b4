"""What a caller controls of a transfer: the progress callback is never entered by two
threads at once (events.py's promise, even when `put` uploads four files at a time),
and a `CancelToken` set meanwhile stops an upload or a download cleanly (real server)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from files_world import Device, write_random

from app.services.errors import TransferCancelledError
from app.services.events import (
    CancelToken,
    TransferEvent,
    TransferFailed,
    TransferFinished,
    TransferProgress,
)

pytestmark = pytest.mark.integration

CHUNK = 64 * 1024


def test_the_callback_is_never_entered_twice_at_once(alice: Device, tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(12):
        write_random(folder / f"f{n:02d}.txt", 200 + n)
    inside = threading.Lock()
    overlaps: list[TransferEvent] = []

    def slow_progress(event: TransferEvent) -> None:
        if not inside.acquire(blocking=False):
            overlaps.append(event)
            return
        try:
            time.sleep(0.005)  # long enough for the other put threads to arrive
        finally:
            inside.release()

    alice.service(progress=slow_progress).put([folder], "/")
    assert overlaps == [], f"{len(overlaps)} events arrived while another was being handled"


def test_a_cancelled_upload_stops_lists_nothing_and_resumes(alice: Device, tmp_path: Path) -> None:
    local = tmp_path / "big.bin"
    data = write_random(local, 12 * CHUNK + 5)
    token = CancelToken()
    events: list[TransferEvent] = []

    def cancel_midway(event: TransferEvent) -> None:
        events.append(event)
        if isinstance(event, TransferProgress) and event.done >= 3 * CHUNK:
            token.cancel()  # the person clicks Cancel while blocks are going up

    files = alice.service(progress=cancel_midway, cancel=token, chunk_size=CHUNK, in_flight=2)
    with pytest.raises(TransferCancelledError, match="cancelled"):
        files.put([local], "/")
    failed = [e for e in events if isinstance(e, TransferFailed)]
    assert [e.reason for e in failed] == ["the transfer was cancelled"]
    assert failed[0].done < len(data)
    assert [e.name for e in alice.files.ls("/")] == []

    alice.caller.calls.clear()
    alice.service(chunk_size=CHUNK).put([local], "/")
    assert alice.caller.calls.count("blockPut") < 13, "the retry resumed from the journal"
    alice.files.get("/big.bin", tmp_path / "back.bin")
    assert (tmp_path / "back.bin").read_bytes() == data


def test_a_cancelled_download_leaves_no_file_and_no_part(alice: Device, tmp_path: Path) -> None:
    local = tmp_path / "big.bin"
    write_random(local, 10 * CHUNK)
    alice.service(chunk_size=CHUNK).put([local], "/")
    token = CancelToken()
    events: list[TransferEvent] = []

    def cancel_midway(event: TransferEvent) -> None:
        events.append(event)
        if isinstance(event, TransferProgress) and event.done >= 2 * CHUNK:
            token.cancel()

    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(TransferCancelledError):
        alice.service(progress=cancel_midway, cancel=token).get("/big.bin", out)
    assert list(out.iterdir()) == []  # neither the target nor a temporary part
    assert not any(isinstance(e, TransferFinished) for e in events)
    assert isinstance(events[-1], TransferFailed)


def test_a_finished_upload_is_already_in_its_folder(
    alice: Device, new_device: Callable[..., Device], tmp_path: Path
) -> None:
    """`TransferFinished` means the person can see the file: another device listing the
    folder at that moment finds it (a window that opens the file on "Done" must work)."""
    other = new_device(like=alice).service()
    folder = tmp_path / "mixed"
    folder.mkdir()
    write_random(folder / "large.bin", 5 * CHUNK + 1)
    for n in range(3):
        write_random(folder / f"small{n}.txt", 100 + n)
    missing: list[str] = []

    def look_when_done(event: TransferEvent) -> None:
        if isinstance(event, TransferFinished):
            parent, name = event.path.rsplit("/", 1)
            if name not in {entry.name for entry in other.ls(parent or "/")}:
                missing.append(event.path)

    alice.service(progress=look_when_done, chunk_size=CHUNK).put([folder], "/")
    assert {entry.name for entry in other.ls("/mixed")} == {
        "large.bin",
        "small0.txt",
        "small1.txt",
        "small2.txt",
    }
    assert missing == []
