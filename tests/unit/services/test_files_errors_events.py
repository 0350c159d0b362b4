"""Error translation (app/services/files/errors.py) and progress tracking (events.py)."""

from __future__ import annotations

import pytest

from app.cli.errors import exit_code_for
from app.client.objects_api import MalformedObjectResponseError, QuotaExceededError
from app.client.transport import UnreachableError
from app.fs import errors as fs
from app.services.errors import NotFoundError, ServerUnreachableError
from app.services.events import (
    TransferEvent,
    TransferFailed,
    TransferFinished,
    TransferProgress,
    TransferStarted,
    tracked,
)
from app.services.files import errors as fs_errors
from app.vault import errors as vault_errors


@pytest.mark.parametrize(
    ("error", "kind", "name"),
    [
        (fs.IntegrityError(), fs_errors.ContentTamperedError, "IntegrityError"),
        (fs.ChunkOrderError(0, 2), fs_errors.ContentTamperedError, "ChunkOrderError"),
        (fs.TruncationError(), fs_errors.ContentTamperedError, "TruncationError"),
        (fs.MetadataIntegrityError(), fs_errors.MetadataTamperedError, "MetadataIntegrityError"),
        (fs.StructureError("x"), fs_errors.StructureTamperedError, "StructureError"),
        (fs.InjectedObjectError("x"), fs_errors.InjectedItemError, "InjectedObjectError"),
        (fs.RollbackError("x", 1, 2), fs_errors.RollbackDetectedError, "RollbackError"),
        (
            vault_errors.ItemRollbackError("id", 2, 1),
            fs_errors.RollbackDetectedError,
            "ItemRollbackError",
        ),
        (fs.FormatVersionError("x", 9), fs_errors.DowngradeDetectedError, "FormatVersionError"),
        (MalformedObjectResponseError("x"), fs_errors.BadServerAnswerError, "MalformedObject"),
    ],
)
def test_tampering_keeps_its_name_and_exits_4(
    error: Exception, kind: type[Exception], name: str
) -> None:
    service_error = fs_errors.translated(error, "/a/b")
    assert type(service_error) is kind
    assert str(service_error).startswith("tampering detected (/a/b): " + name)
    assert exit_code_for(service_error) == 4


def test_other_errors() -> None:
    assert isinstance(fs_errors.translated(UnreachableError("down")), ServerUnreachableError)
    quota = fs_errors.translated(QuotaExceededError(2006, "quota of 10 GiB exceeded"))
    assert isinstance(quota, fs_errors.StorageFullError) and "10 GiB" in str(quota)
    assert isinstance(fs_errors.translated(fs.FsUsageError("bad name")), fs_errors.FilesUsageError)
    mine = NotFoundError("x")
    assert fs_errors.translated(mine) is mine
    odd = KeyError("k")
    assert fs_errors.translated(odd) is odd


def test_tracked_reports_failure_with_bytes_done_once() -> None:
    seen: list[TransferEvent] = []
    with pytest.raises(OSError, match="disk   full"):
        with tracked(seen.append, "/f", "upload", 10) as progress:
            progress(TransferStarted("/f", "upload", 10))
            progress(TransferProgress("/f", "upload", 4, 10))
            raise OSError("disk   full")
    assert seen[-1] == TransferFailed("/f", "upload", 4, 10, "disk full")
    finished: list[TransferEvent] = []
    with pytest.raises(RuntimeError):
        with tracked(finished.append, "/f", "upload", 10) as progress:
            progress(TransferFinished("/f", "upload", 10))
            raise RuntimeError("after the end")
    assert finished == [TransferFinished("/f", "upload", 10)]
