"""ServicesBackend against the real services and an embedded server process it starts
itself (app/gui/backend/local_server.py), as "This computer" does."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.gui.backend.interface import PkiStatus, View
from app.gui.backend.services import ServicesBackend
from app.gui.backend.settings_store import Settings, load_settings
from app.services.errors import AuthenticationFailedError, ServiceError

pytestmark = pytest.mark.integration
PASSWORD = "correct horse battery staple"


@pytest.fixture
def alice(tmp_path: Path) -> Iterator[ServicesBackend]:
    backend = ServicesBackend(tmp_path / "alice", Settings())
    yield backend
    backend.stop()


def test_local_server_account_files_and_people(alice: ServicesBackend, tmp_path: Path) -> None:
    host = alice.start_local_server()
    assert host.startswith("127.0.0.1:") and alice.local_server is not None
    assert load_settings(alice.folder).local_port == alice.local_server.port
    phrase = alice.create_account(f"alice#{host}", PASSWORD)
    assert len(phrase.split()) == 24
    assert alice.list_folder(View.MY_FILES, "/") == []

    local = tmp_path / "hello.txt"
    local.write_text("hello")
    events = []
    from app.services.events import CancelToken, TransferFinished

    alice.upload([local], "/", events.append, CancelToken())
    assert [entry.name for entry in alice.list_folder(View.MY_FILES, "/")] == ["hello.txt"]
    assert events[-1] == TransferFinished("/hello.txt", "upload", 5)  # the services' own

    with pytest.raises(AuthenticationFailedError):
        alice.recovery_phrase("not the password")
    assert alice.recovery_phrase(PASSWORD) == phrase
    alice.lock()
    with pytest.raises(AuthenticationFailedError):
        alice.unlock("not the password")
    alice.unlock(PASSWORD)

    bob = ServicesBackend(tmp_path / "bob", Settings())
    with pytest.raises(ServiceError, match="invitation"):  # registration is never open
        bob.create_account(f"bob#{host}", PASSWORD)
    bob.create_account(f"bob#{host}", PASSWORD, token=alice.local_server.invitation())
    bob.sign_out()
    first = alice.check_recipient(f"bob#{host}")
    assert first.status is PkiStatus.FIRST_CONTACT and len(first.check_words) == 8
    assert alice.check_recipient(f"bob#{host}").status is PkiStatus.VERIFIED
