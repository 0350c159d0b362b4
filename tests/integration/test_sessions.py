"""The account's sessions against a real server process (server_stub/SESSIONS.md): each
login is listed with the key that opened it, the asking session marked; ending one
refuses its next request; another account can neither see nor end it; removing a device
ends the sessions its key opened; the asking session is protected."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from server_harness import ServerProcess
from world import Account, sign_in

from app.client.channel import Channel
from app.client.errors import RemoteCallError, SessionExpiredError
from app.client.transport import HttpTransport
from app.services.devices import end_session, list_devices, list_sessions, remove_device
from app.services.devices.sessions import FIRST_DEVICE, PASSWORD_LOGIN, SessionInfo
from app.services.errors import InvalidInputError, NotFoundError

pytestmark = pytest.mark.integration


def _new_ones(before: list[SessionInfo], after: list[SessionInfo]) -> list[SessionInfo]:
    known = {s.id for s in before}
    return [s for s in after if s.id not in known]


def test_list_end_and_protect_sessions(new_account: Callable[..., Account], tmp_path: Path) -> None:
    alice = new_account("alice")
    mine = list_sessions(alice.session)
    (current,) = [s for s in mine if s.this_session]
    assert current.opened_by in (FIRST_DEVICE, PASSWORD_LOGIN)
    assert current.address == "127.0.0.0/24"
    assert current.started <= current.last_used

    other = sign_in(alice.address, tmp_path / "other", alice.connector)
    try:
        (second,) = _new_ones(mine, list_sessions(alice.session))
        assert not second.this_session
        assert other.channel.call("whoami") == {"username": alice.address.split("#")[0]}

        with pytest.raises(InvalidInputError, match="this session"):
            end_session(alice.session, current.id)
        with pytest.raises(InvalidInputError, match="16 hex digits"):
            end_session(alice.session, "not-an-id")

        end_session(alice.session, second.id)
        with pytest.raises(SessionExpiredError):
            other.channel.call("whoami")
        assert second.id not in {s.id for s in list_sessions(alice.session)}
        with pytest.raises(NotFoundError):
            end_session(alice.session, second.id)
        alice.session.channel.call("whoami")  # the asking session lives on
    finally:
        other.close()


def test_another_account_can_neither_see_nor_end_a_session(
    new_account: Callable[..., Account],
) -> None:
    alice, mallory = new_account("alice"), new_account("mallory")
    (alice_now,) = [s for s in list_sessions(alice.session) if s.this_session]
    assert alice_now.id not in {s.id for s in list_sessions(mallory.session)}
    with pytest.raises(NotFoundError):
        end_session(mallory.session, alice_now.id)
    with pytest.raises(RemoteCallError) as refused:  # the server refuses, not only the client
        mallory.session.channel.call("sessionEnd", id=bytes.fromhex(alice_now.id))
    assert refused.value.code == 2301
    assert alice.session.channel.call("whoami")["username"] in alice.address


def test_removing_a_device_ends_its_sessions(
    new_account: Callable[..., Account], server: ServerProcess
) -> None:
    alice = new_account("alice")
    device_key = alice.session.vault.device_key(7)
    alice.session.channel.call(
        "deviceAdd", name="laptop", login_key=device_key.public_key.to_bytes()
    )
    with HttpTransport() as transport:
        laptop = Channel(transport, server.endpoint, alice.session.channel.server_key)
        assert device_key.private_key is not None
        laptop.login_key(device_key.private_key, alice.address.split("#")[0])
        (opened,) = [s for s in list_sessions(alice.session) if s.opened_by == "laptop"]
        assert opened.login_key == device_key.public_key.to_bytes()
        assert laptop.call("whoami")

        remove_device(alice.session, "laptop")
        assert [d.name for d in list_devices(alice.session)] == []
        with pytest.raises(SessionExpiredError):  # at once, not when its tickets expire
            laptop.call("whoami")
        assert opened.id not in {s.id for s in list_sessions(alice.session)}
