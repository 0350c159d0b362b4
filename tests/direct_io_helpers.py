"""Probing and observing O_DIRECT in tests of the writers that bypass the page cache
(the server's block files and the client's download writer)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest


def allows_direct(folder: Path) -> bool:
    """Whether the file system of `folder` takes O_DIRECT, set the way the writers set it
    (F_SETFL on an open file); tmpfs on older kernels does not."""
    if not hasattr(os, "O_DIRECT"):
        return False
    import fcntl

    probe = folder / "probe"
    descriptor = os.open(probe, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        flags = fcntl.fcntl(descriptor, fcntl.F_GETFL)
        fcntl.fcntl(descriptor, fcntl.F_SETFL, flags | os.O_DIRECT)
        return True
    except OSError:
        return False
    finally:
        os.close(descriptor)
        probe.unlink()


class WriteRecorder:
    """Records (bytes, whether O_DIRECT was set) for every os.write."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import fcntl

        self.writes: list[tuple[int, bool]] = []
        real = os.write

        def recording(descriptor: int, data: memoryview) -> int:
            direct = bool(fcntl.fcntl(descriptor, fcntl.F_GETFL) & os.O_DIRECT)
            done = real(descriptor, data)
            self.writes.append((done, direct))
            return done

        monkeypatch.setattr(os, "write", recording)

    def total(self, direct: bool) -> int:
        """How many bytes were written with O_DIRECT set (`direct`) or not."""
        return sum(n for n, was_direct in self.writes if was_direct == direct)


def refuse_direct_at_fcntl(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Make setting O_DIRECT with F_SETFL fail as a file system that refuses it does
    (EINVAL); returns the descriptors it was refused on, in order."""
    import fcntl

    real_fcntl = fcntl.fcntl
    refused: list[int] = []

    def refusing(descriptor: int, command: int, argument: int = 0) -> int:
        if command == fcntl.F_SETFL and argument & os.O_DIRECT:
            refused.append(descriptor)
            raise OSError(errno.EINVAL, "Invalid argument")
        return real_fcntl(descriptor, command, argument)

    monkeypatch.setattr(fcntl, "fcntl", refusing)
    return refused
