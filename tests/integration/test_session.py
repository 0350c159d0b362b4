"""app.services.session against a real server process: the one composition both shells
use (unlock, connect, lock, reconnect through other connection settings)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from integration.server_harness import ServerProcess, start_server

from app.services.errors import AuthenticationFailedError, ServerUnreachableError
from app.services.session import Network, Session, SessionError, SessionState

pytestmark = pytest.mark.integration
PASSWORD = "correct horse battery staple"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    running = start_server(tmp_path / "server", "--open-registration")
    yield running
    assert running.stop() == 0, running.log()[-3000:]


def _closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_open_lock_and_a_bad_proxy_never_lock_the_account_out(
    server: ServerProcess, tmp_path: Path
) -> None:
    folder = tmp_path / "alice"
    created = Session(folder).create(f"alice#{server.host}", PASSWORD)
    assert len(created.phrase.split()) == 24

    session = Session(folder)
    assert session.state is SessionState.LOCKED
    with pytest.raises(AuthenticationFailedError, match="wrong password"):
        session.open("not the password")
    with pytest.raises(AuthenticationFailedError, match="locked"):
        session.current()
    opened = session.open(PASSWORD)
    assert session.state is SessionState.ONLINE
    assert opened.connector.home is opened.link  # given once, when the account opened
    assert opened.channel.call("whoami") == {"username": "alice"}

    unreachable = Network(proxy=f"http://127.0.0.1:{_closed_port()}", use_system_proxy=False)
    with pytest.raises(ServerUnreachableError):
        session.reconnect(unreachable)
    assert session.state is SessionState.OFFLINE  # the vault stays open
    with pytest.raises(ServerUnreachableError, match="Settings"):
        session.current()
    with pytest.raises(ServerUnreachableError):
        session.connect()  # retrying with the bad setting fails the same way
    again = session.reconnect(Network())  # the previous setting restores the link
    assert again is not None and session.state is SessionState.ONLINE
    assert again.channel.call("whoami") == {"username": "alice"}

    created.session.end_server_session()
    other = Session(tmp_path / "other").login(f"alice#{server.host}", PASSWORD)

    def listed() -> list[bool]:  # "current" of each open session, as the other sees them
        return [s["current"] for s in other.channel.call("sessionList")["sessions"]]

    assert sorted(listed()) == [False, True]  # the reconnects logged their old links out
    session.lock()  # logs out at the server: the other session no longer lists it
    assert session.state is SessionState.LOCKED
    assert listed() == [True]
    with pytest.raises(AuthenticationFailedError):
        session.unlock("not the password")
    session.unlock(PASSWORD)
    assert session.state is SessionState.OFFLINE  # until it logs in again
    assert session.connect().channel.call("whoami") == {"username": "alice"}
    assert sorted(listed()) == [False, True]
    session.close()  # the program ends: logged out as well
    assert listed() == [True]
    other.close()


def test_a_profile_without_a_vault_says_so_in_service_terms(tmp_path: Path) -> None:
    with pytest.raises(SessionError, match="no vault"):
        Session(tmp_path / "empty").open("any password")
