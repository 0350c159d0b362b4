"""The sealed upload journal (app/services/files/journal.py)."""

from __future__ import annotations

import os
from pathlib import Path

from app.fs import ContentKeys
from app.services.files.journal import Journal, JournalEntry

KEY = bytes(range(32))


def sample() -> JournalEntry:
    return JournalEntry(b"T" * 16, ContentKeys(b"K" * 32, b"V" * 16, 4096), 12345, 678)


def test_round_trip_and_sealing(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "transfers", KEY)
    journal.save("abc", sample())
    assert journal.load("abc", 12345, 678) == sample()
    stored = (tmp_path / "transfers" / "abc").read_bytes()
    assert b"K" * 32 not in stored and b"T" * 16 not in stored  # keys never in the clear
    assert os.stat(tmp_path / "transfers" / "abc").st_mode & 0o777 == 0o600
    assert os.stat(tmp_path / "transfers").st_mode & 0o777 == 0o700


def test_changed_file_wrong_key_tampering_or_renaming_start_over(tmp_path: Path) -> None:
    journal = Journal(tmp_path, KEY)
    journal.save("abc", sample())
    assert journal.load("abc", 12346, 678) is None  # the local file grew
    assert journal.load("abc", 12345, 679) is None  # or was touched
    assert Journal(tmp_path, bytes(32)).load("abc", 12345, 678) is None
    (tmp_path / "abc").rename(tmp_path / "abd")
    assert journal.load("abd", 12345, 678) is None  # the name is bound (AAD)
    data = bytearray((tmp_path / "abd").read_bytes())
    data[20] ^= 1
    (tmp_path / "abc").write_bytes(bytes(data))
    assert journal.load("abc", 12345, 678) is None
    assert journal.load("missing", 1, 1) is None
    journal.remove("abc")
    journal.remove("abc")  # gone already is fine
    assert not (tmp_path / "abc").exists()


def test_names_depend_on_the_local_file_the_folder_and_the_name(tmp_path: Path) -> None:
    a = Journal.name_for(tmp_path / "a", "folder-1", "a")
    assert a == Journal.name_for(tmp_path / "a", "folder-1", "a")
    assert (
        len(
            {
                a,
                Journal.name_for(tmp_path / "b", "folder-1", "a"),
                Journal.name_for(tmp_path / "a", "folder-2", "a"),
                Journal.name_for(tmp_path / "a", "folder-1", "b"),
            }
        )
        == 4
    )
