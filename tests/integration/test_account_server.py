"""The account RPC methods on the real server: a stolen session can neither change the
credentials nor delete the account (both need a fresh proof signed by the identity key,
app/wire/account_proof.py), a credential change ends the other sessions, and privData
sizes are bounded."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from server_harness import ServerProcess
from world import PASSWORD, create_account

from app.client.errors import RemoteCallError, SessionExpiredError
from app.client.transport import HttpTransport
from app.crypto import srp
from app.crypto.ecc import PrivateKey
from app.protocol.errors import AlertCode, AlertReceived
from app.services import account
from app.services.account.helpers import credentials
from app.services.account.privdata import Secret
from app.services.connection import Connector, MemoryPins, ServerLink
from app.wire.account_proof import (
    DELETE_ACCOUNT,
    SET_CREDENTIALS,
    credentials_digest,
    proof_bytes,
)
from server_stub.handlers.account import DELETE_REFUSED, PROOF_REFUSED

pytestmark = pytest.mark.integration


def _created(server: ServerProcess, tmp_path: Path) -> account.AccountSession:
    return create_account("s", server, HttpTransport(), tmp_path / "p").session


def _second_login(server: ServerProcess, session: account.AccountSession) -> ServerLink:
    link = Connector(allow_http=True).connect(server.host, MemoryPins())
    link.channel.login_srp(session.address.name, PASSWORD)
    return link


def _challenge(link: ServerLink | account.AccountSession) -> bytes:
    challenge: bytes = link.channel.call("accountChallenge")["challenge"]
    return challenge


def test_deletion_needs_a_fresh_identity_signature(server: ServerProcess, tmp_path: Path) -> None:
    with _created(server, tmp_path) as session:
        name = session.address.name
        identity = session.vault.identity_key.private_key
        assert identity is not None
        challenge = _challenge(session)
        stranger = PrivateKey.generate()
        other_session = _challenge(_second_login(server, session))
        refused_proofs = {
            "a stolen session's own key": stranger.sign(
                proof_bytes(DELETE_ACCOUNT, name, challenge)
            ),
            "the old, replayable form": identity.sign(
                b"privshare/v1/delete-account" + name.encode()
            ),
            "another name": identity.sign(proof_bytes(DELETE_ACCOUNT, name + "x", challenge)),
            "another action": identity.sign(proof_bytes(SET_CREDENTIALS, name, challenge)),
        }
        for why, signature in refused_proofs.items():
            with pytest.raises(RemoteCallError) as refused:
                session.channel.call("deleteAccount", challenge=challenge, signature=signature)
            assert refused.value.code == DELETE_REFUSED, why
        another = identity.sign(proof_bytes(DELETE_ACCOUNT, name, other_session))
        with pytest.raises(RemoteCallError) as refused:
            session.channel.call("deleteAccount", challenge=other_session, signature=another)
        assert refused.value.code == DELETE_REFUSED, "a challenge of another session"
        assert session.channel.call("accountInfo")["username"] == name  # still there
        account.delete_account(session)
        link = Connector(allow_http=True).connect(server.host, MemoryPins())
        with pytest.raises(AlertReceived) as gone:
            link.channel.login_srp(name, PASSWORD)
        assert gone.value.code == AlertCode.LOGIN_FAILED


def test_a_stolen_session_cannot_change_the_credentials(
    server: ServerProcess, tmp_path: Path
) -> None:
    with _created(server, tmp_path) as session:
        name = session.address.name
        identity = session.vault.identity_key.private_key
        assert identity is not None
        thief = _second_login(server, session)  # holds a logged-in session, not the key
        attacker_key = PrivateKey.generate()
        secret = Secret(b"\x01" * 32, "")
        params = credentials(session.address, "taken", secret, attacker_key, 99, _random)
        with pytest.raises(RemoteCallError) as refused:
            thief.channel.call("setCredentials", **params)
        assert refused.value.code == -32602, "no proof at all"
        challenge = _challenge(thief)
        digest = _digest(params)
        own_key = attacker_key.sign(proof_bytes(SET_CREDENTIALS, name, challenge, digest))
        with pytest.raises(RemoteCallError) as refused:
            thief.channel.call("setCredentials", **params, challenge=challenge, signature=own_key)
        assert refused.value.code == PROOF_REFUSED
        # a proof the owner made for other credentials does not carry these
        owners = identity.sign(proof_bytes(SET_CREDENTIALS, name, challenge, b"\0" * 32))
        with pytest.raises(RemoteCallError) as refused:
            thief.channel.call("setCredentials", **params, challenge=challenge, signature=owners)
        assert refused.value.code == PROOF_REFUSED
        assert _second_login(server, session).channel.call("whoami")["username"] == name
        account.change_password(session, PASSWORD, "pw-new")  # the owner, with the key, can
        link = Connector(allow_http=True).connect(server.host, MemoryPins())
        link.channel.login_srp(name, "pw-new")


def _random(size: int) -> bytes:
    return b"r" * size


def _digest(params: dict[str, Any]) -> bytes:
    kdf = params["kdf"]
    return credentials_digest(
        group=params["group"],
        salt=params["salt"],
        verifier=params["verifier"],
        kdf_algorithm=kdf["algorithm"],
        kdf_iterations=kdf["iterations"],
        kdf_salt=kdf["salt"],
        priv_data=params["privData"],
        login_key=None,
    )


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
            too_big = {**params, "privData": b"\0" * size}
            with pytest.raises(RemoteCallError) as refused:
                session.channel.call("setCredentials", **too_big, **_proof(session, too_big))
            assert refused.value.code == -32602
        assert session.channel.call("getPrivData")["privData"] == blob  # unchanged


def _proof(session: account.AccountSession, params: dict[str, Any]) -> dict[str, bytes]:
    identity = session.vault.identity_key.private_key
    assert identity is not None
    challenge = _challenge(session)
    signed = proof_bytes(SET_CREDENTIALS, session.address.name, challenge, _digest(params))
    return {"challenge": challenge, "signature": identity.sign(signed)}


def _credential_params(blob: bytes) -> dict[str, object]:
    return {
        "group": srp.RFC5054_2048.name,
        "salt": b"s" * 32,
        "verifier": (5).to_bytes(256, "big"),
        "kdf": {"algorithm": "PBKDF2-SHA512", "iterations": 210_000, "salt": b"k" * 32},
        "privData": blob,
    }
