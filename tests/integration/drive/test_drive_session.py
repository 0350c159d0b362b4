"""A drive stays mounted for hours; the server ends a login when its tickets expire
(15 minutes). The drive logs in again with the identity key and goes on (issue 17)."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from world import Account

from app.services.drive.ops import DriveFiles, log_in_again
from app.services.errors import AuthenticationFailedError
from app.services.sharing.router import FileRouter

pytestmark = pytest.mark.integration


def _hours_pass(user: Account, hours: float) -> None:
    """The client's clock moves on: every ticket of its pool has expired."""
    later = time.time() + hours * 3600
    user.session.channel._clock = lambda: later  # type: ignore[attr-defined]


def test_the_drive_logs_in_again_after_the_server_ended_its_login(
    new_account: Callable[..., Account],
) -> None:
    alice = new_account("alice")
    files = FileRouter(alice.session.channel, alice.session.vault)
    drive = DriveFiles(files, relogin=lambda: log_in_again(alice.session))
    drive.mkdir("/Docs")
    drive.write("/Docs/a.txt", [b"before the break"])

    _hours_pass(alice, 1)
    assert b"".join(drive.read("/Docs/a.txt")) == b"before the break"
    drive.write("/Docs/a.txt", [b"after the break"])
    assert [e.name for e in drive.children("/Docs")] == ["a.txt"]
    assert b"".join(drive.read("/Docs/a.txt")) == b"after the break"

    _hours_pass(alice, 2)
    without = DriveFiles(files)  # no way to log in again: the session's end shows
    with pytest.raises(AuthenticationFailedError):
        without.children("/Docs")
