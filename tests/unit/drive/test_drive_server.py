"""The drive serves on loopback only (app/drive/server.py)."""

from __future__ import annotations

from typing import Any

import pytest

from app.drive.server import DriveServer


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "::"])
def test_a_host_that_is_not_loopback_is_refused(host: str) -> None:
    drive: Any = object()  # never reached: the host is checked first
    with pytest.raises(ValueError, match="loopback only"):
        DriveServer(drive, host=host)
