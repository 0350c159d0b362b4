"""The account RPC methods on the real server: a stolen session cannot delete, a
credential change ends the other sessions, and privData sizes are bounded."""

from __future__ import annotations

from pathlib import Path

import pytest
from server_harness import ServerProcess
from world import PASSWORD, create_account

from app.client.errors import RemoteCallError, SessionExpiredError
from app.client.transport import HttpTransport
from app.crypto import srp
from app.crypto.ecc import PrivateKey
from app.protocol.errors import AlertCode, AlertReceived
from app.services import account
from app.services.connection import Connector, MemoryPins, ServerLink

pytestmark = pytest.mark.integration


def _created(server: ServerProcess, tmp_path: Path) -> account.AccountSession:
    return create_account("s", server, HttpTransport(), tmp_path / "p").session


def _second_login(server: ServerProcess, session: account.AccountSession) -> ServerLink:
    link = Connector(allow_http=True).connect(server.host, MemoryPins())
    link.channel.login_srp(session.address.name, PASSWORD)
    return link


def test_deletion_needs_the_identity_signature(server: ServerProcess, tmp_path: Path) -> None:
    with _created(server, tmp_path) as session:
        name = session.address.name
        forged = PrivateKey.generate().sign(account.DELETE_LABEL + name.encode())
        with pytest.raises(RemoteCallError) as refused:
            session.channel.call("deleteAccount", signature=forged)
        assert refused.value.code == 1102
        identity = session.vault.identity_key.private_key
        assert identity is not None
        for_another_name = identity.sign(account.DELETE_LABEL + name.encode() + b"x")
        with pytest.raises(RemoteCallError):
            session.channel.call("deleteAccount", signature=for_another_name)
        assert session.channel.call("accountInfo")["username"] == name  # still there
        account.delete_account(session)
        link = Connector(allow_http=True).connect(server.host, MemoryPins())
        with pytest.raises(AlertReceived) as gone:
            link.channel.login_srp(name, PASSWORD)
        assert gone.value.code == AlertCode.LOGIN_FAILED


def test_set_credentials_ends_other_sessions(server: ServerProcess, tmp_path: Path) -> None:
    with _created(server, tmp_path) as session:
        other = _second_login(server, session)
        assert other.channel.call("whoami")["username"] == session.address.name
        account.change_password(session, PASSWORD, "another password")
        with pytest.raises(SessionExpiredError):
            for _ in range(40):  # the other session's pooled tickets are all gone
                other.channel.call("whoami")
        assert session.channel.call("whoami")["username"] == session.address.name


def test_priv_data_size_is_bounded(server: ServerProcess, tmp_path: Path) -> None:
    with _created(server, tmp_path) as session:
        info = session.channel.call("accountInfo")
        assert info["hasPrivData"] is True
        assert info["loginKeys"] == [session.vault.identity_key.public_key.to_bytes()]
        blob = session.channel.call("getPrivData")["privData"]
        params = _credential_params(blob)
        for size in (63, 4097):
            with pytest.raises(RemoteCallError) as refused:
                session.channel.call("setCredentials", **{**params, "privData": b"\0" * size})
            assert refused.value.code == -32602
        assert session.channel.call("getPrivData")["privData"] == blob  # unchanged


def _credential_params(blob: bytes) -> dict[str, object]:
    return {
        "group": srp.RFC5054_2048.name,
        "salt": b"s" * 32,
        "verifier": (5).to_bytes(256, "big"),
        "kdf": {"algorithm": "PBKDF2-SHA512", "iterations": 210_000, "salt": b"k" * 32},
        "privData": blob,
    }
