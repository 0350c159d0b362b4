"""ServicesBackend.add_device against its embedded server process, with the new device
joining through the real services: the window's path to linking a device."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.client.transport import HttpTransport
from app.gui.backend.interface import DeviceCodeShown, DeviceWordsShown
from app.gui.backend.services import ServicesBackend
from app.gui.backend.settings_store import Settings
from app.services import devices
from app.services.connection import Connector
from app.vault import KDF_FLOOR, Profile

pytestmark = [pytest.mark.integration, pytest.mark.slow]
PASSWORD = "correct horse battery staple"


@pytest.fixture
def alice(tmp_path: Path) -> Iterator[ServicesBackend]:
    backend = ServicesBackend(tmp_path / "alice", Settings())
    yield backend
    backend.stop()


def test_add_device_links_a_second_profile(alice: ServicesBackend, tmp_path: Path) -> None:
    host = alice.start_local_server()
    address = f"alice#{host}"
    alice.create_account(address, PASSWORD)
    events: list[object] = []
    asked: list[tuple[str, ...]] = []
    errors: list[BaseException] = []

    def approve(words: tuple[str, ...]) -> bool:
        asked.append(words)
        return True

    def run() -> None:
        try:
            alice.add_device("laptop", approve, events.append)
        except BaseException as error:  # reported below
            errors.append(error)

    worker = threading.Thread(target=run)
    worker.start()
    deadline = time.monotonic() + 30
    while not any(isinstance(e, DeviceCodeShown) for e in events) and time.monotonic() < deadline:
        time.sleep(0.05)
    (code,) = [e.code for e in events if isinstance(e, DeviceCodeShown)]
    shown: list[tuple[str, ...]] = []
    with HttpTransport() as transport:
        session = devices.join_device(
            address,
            code,
            "laptop password",
            Profile(tmp_path / "laptop"),
            Connector(transport=transport, allow_http=True),
            show_words=shown.append,
            now=time.time(),
            vault_kdf=KDF_FLOOR,
        )
        worker.join(30)
        assert not errors, errors
        with session:
            assert session.vault.device is not None and session.vault.device[1] == "laptop"
            listed = devices.list_devices(session)
    assert [e.words for e in events if isinstance(e, DeviceWordsShown)] == shown == asked
    assert [(d.name, d.this_device) for d in listed] == [("laptop", True)]
