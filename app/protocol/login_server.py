"""The server's half of the logins (SPEC §6): pure, no storage.

The endpoint looks the account up, keeps a pending login between the two requests of a
login, and asks these objects for the replies and the login family's master.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.crypto import errors as crypto_errors
from app.crypto import srp
from app.crypto.errors import SignatureError
from app.protocol._codec import pack
from app.protocol._keys import Transcript, channel_binding, key_login_message, login_master
from app.protocol._messages import LOGIN_ID_SIZE, parse_point
from app.protocol.errors import LocalProtocolError, LoginError
from app.protocol.events import HandshakeMessage
from app.protocol.login import KDF_ALGORITHM, MIN_ITERATIONS, key_login_secret

RandBytes = Callable[[int], bytes]


@dataclass(frozen=True)
class SrpAccount:
    """The SRP record of one account as the login needs it."""

    salt: bytes
    verifier: int
    group: str
    kdf_iterations: int
    kdf_salt: bytes


def fake_account(server_secret: bytes, username: str) -> SrpAccount:
    """A stable, plausible record for a name with no account (no user enumeration)."""
    identity = username.encode()
    salt, verifier = srp.fake_verifier(srp.DEFAULT_GROUP, server_secret, identity)
    kdf_salt = hmac.digest(server_secret, b"privshare/v1/srp-fake-kdf-salt" + identity, "sha256")
    return SrpAccount(salt, verifier, srp.DEFAULT_GROUP.name, MIN_ITERATIONS, kdf_salt)


class _ServerLogin:
    def __init__(self, family_master: bytes, randbytes: RandBytes) -> None:
        self.family_master = family_master
        self.login_id = randbytes(LOGIN_ID_SIZE)
        self._randbytes = randbytes
        self._transcript = Transcript()
        self._step = 0

    def _advance(self, expected: int) -> None:
        if self._step != expected:
            raise LocalProtocolError("login steps must run once each, in order")
        self._step += 1

    def _received(self, message: HandshakeMessage) -> dict[str, Any]:
        self._transcript.add(message.raw)
        return message.message

    def _sent(self, message: dict[str, Any]) -> dict[str, Any]:
        self._transcript.add(pack(message))
        return message

    def owns(self, login_id: bytes) -> bool:
        return hmac.compare_digest(self.login_id, login_id)


class ServerSrpLogin(_ServerLogin):
    """One password login. `account` is the real record, or `fake_account(...)`; with
    `known=False` the exchange always fails the same way a wrong password does."""

    def __init__(
        self,
        username: str,
        account: SrpAccount,
        family_master: bytes,
        *,
        known: bool = True,
        randbytes: RandBytes = secrets.token_bytes,
    ) -> None:
        super().__init__(family_master, randbytes)
        self.username = username
        self._known = known
        self._account = account
        group = srp.group_by_name(account.group)
        self._server = srp.SrpServer(
            group, username.encode(), account.salt, account.verifier, randbytes
        )
        self._group = group

    def challenge(self, init: HandshakeMessage) -> dict[str, Any]:
        self._advance(0)
        self._received(init)
        return self._sent(
            {
                "type": "srp_init",
                "login_id": self.login_id,
                "group": self._group.name,
                "salt": self._account.salt,
                "B": self._group.pad(self._server.public_B),
                "kdf": {
                    "algorithm": KDF_ALGORITHM,
                    "iterations": self._account.kdf_iterations,
                    "salt": self._account.kdf_salt,
                },
            }
        )

    def verify(self, exchange: HandshakeMessage) -> tuple[bytes, bytes]:
        """(M2, login family master) or `LoginError` for every failure."""
        self._advance(1)
        message = self._received(exchange)
        client_pub = int.from_bytes(message["A"], "big")
        try:
            proof = self._server.verify_client(client_pub, message["M1"])
        except crypto_errors.SRPError as exc:
            raise LoginError("login failed") from exc
        if not self._known:
            raise LoginError("login failed")
        digest = self._transcript.digest()
        return proof, login_master(self.family_master, self._server.session_key, digest)


class ServerKeyLogin(_ServerLogin):
    """One key login; `username` is None when no account has registered the key."""

    def __init__(
        self,
        username: str | None,
        family_master: bytes,
        *,
        randbytes: RandBytes = secrets.token_bytes,
    ) -> None:
        super().__init__(family_master, randbytes)
        self.username = username
        self._public = b""
        self._nonce = b""

    @property
    def public_key(self) -> bytes:
        return self._public

    def challenge(self, init: HandshakeMessage) -> dict[str, Any]:
        self._advance(0)
        self._public = self._received(init)["pub"]
        self._nonce = self._randbytes(32)
        return self._sent({"type": "key_init", "login_id": self.login_id, "nonce": self._nonce})

    def verify(self, exchange: HandshakeMessage) -> bytes:
        """The login family master, or `LoginError` for every failure."""
        self._advance(1)
        binding = channel_binding(self.family_master, self._transcript.digest())
        signature = self._received(exchange)["signature"]
        signed = key_login_message(binding, self._public, self._nonce)
        try:
            parse_point(self._public).verify(signature, signed)
        except SignatureError as exc:
            raise LoginError("login failed") from exc
        if self.username is None:
            raise LoginError("login failed")
        digest = self._transcript.digest()
        return login_master(self.family_master, key_login_secret(signature), digest)
