"""Fixtures of the drive tests: a second device of an account, and `privshare drive`
runs that are stopped (Ctrl-C) after each test, their spool checked gone. Accounts come
from the integration world (`new_account`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from drive_helpers import Drive, start_drive
from world import Account, sign_in


@pytest.fixture
def second_device(tmp_path: Path) -> Iterator[Callable[[Account], Account]]:
    """Another device of an account: a new profile signed in with the password."""
    made: list[Account] = []

    def make(first: Account) -> Account:
        profile = tmp_path / f"device-{len(made)}"
        session = sign_in(first.address, profile, first.connector)
        made.append(Account(first.address, profile, session, first.connector))
        return made[-1]

    yield make
    for device in made:
        device.session.close()


@pytest.fixture
def drive_for(tmp_path: Path) -> Iterator[Callable[[Account], Drive]]:
    """Starts `privshare drive` for an account (whose in-process session is closed
    first: the command opens the vault itself); stopped after the test with Ctrl-C:
    exit 130 and the spool gone."""
    running: list[Drive] = []

    def start(account: Account) -> Drive:
        account.session.close()
        drive = start_drive(account.profile, tmp_path / f"tmp-{len(running)}")
        running.append(drive)
        return drive

    yield start
    for drive in running:
        status = drive.stop()
        assert status == 130, f"privshare drive exited with {status}: {drive.stderr}"
        assert list(drive.temp_dir.iterdir()) == [], "the spool was not wiped"
