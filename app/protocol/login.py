"""Logins inside ticket exchanges (SPEC §6): the client's SRP-6a and key logins.

Each login is a small state machine that builds the handshake messages to send and
checks the replies; the caller moves them with `ClientConnection`s. A login ends with a
`LoginResult`: the login family's master and its first tickets.
"""

from __future__ import annotations

import hashlib
import secrets
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from app.crypto import errors as crypto_errors
from app.crypto import srp
from app.crypto.ecc import PrivateKey
from app.crypto.kdf import pbkdf2_sha512
from app.protocol._codec import pack
from app.protocol._keys import Transcript, channel_binding, key_login_message, login_master
from app.protocol.errors import (
    LocalProtocolError,
    LoginError,
    SRPProtocolError,
    SRPServerProofError,
    StretchingDowngradeError,
    UntrustedGroupError,
)
from app.protocol.events import HandshakeMessage

KDF_ALGORITHM = "PBKDF2-SHA512"
MIN_ITERATIONS = 210_000
MAX_ITERATIONS = 50_000_000
SECRET_SIZE = 32
Stretch = Callable[[bytes, bytes, int], bytes]


def stretch_password(password: bytes, salt: bytes, iterations: int) -> bytes:
    """PBKDF2-HMAC-SHA512(password, salt, iterations) -> 32 bytes (the SRP secret)."""
    return pbkdf2_sha512(password, salt, iterations, SECRET_SIZE)


def encode_password(password: str) -> bytes:
    return unicodedata.normalize("NFC", password).encode("utf-8")


@dataclass(frozen=True)
class LoginResult:
    """A finished login: later tickets come from `family_master` and run as `username`."""

    username: str
    family_master: bytes = field(repr=False)
    tickets: tuple[bytes, ...]
    ttl: int


class _Login:
    """Shared bookkeeping: the login transcript and a one-way step counter."""

    def __init__(self, family_master: bytes) -> None:
        self._family_master = family_master
        self._transcript = Transcript()
        self._step = 0

    def _advance(self, expected_step: int) -> None:
        if self._step != expected_step:
            raise LocalProtocolError("login steps must run once each, in order")
        self._step += 1

    def _sent(self, message: dict[str, Any]) -> dict[str, Any]:
        self._transcript.add(pack(message))
        return message

    def _received(self, reply: HandshakeMessage, kind: str) -> dict[str, Any]:
        if reply.type != kind or not reply.raw:
            raise LocalProtocolError(f"expected the {kind} reply as received")
        self._transcript.add(reply.raw)
        return reply.message


class SrpLogin(_Login):
    """Password login. `stretch` is injectable so tests can see it is never called when
    the server's parameters are refused."""

    def __init__(
        self,
        username: str,
        password: str,
        family_master: bytes,
        *,
        min_iterations: int = MIN_ITERATIONS,
        stretch: Stretch = stretch_password,
        randbytes: Callable[[int], bytes] = secrets.token_bytes,
    ) -> None:
        super().__init__(family_master)
        self._username = username
        self._password = password
        self._min_iterations = min_iterations
        self._stretch = stretch
        self._randbytes = randbytes
        self._client: srp.SrpClient | None = None

    def init_message(self) -> dict[str, Any]:
        self._advance(0)
        return self._sent({"type": "srp_init", "I": self._username})

    def exchange_message(self, challenge: HandshakeMessage, count: int) -> dict[str, Any]:
        """Check the server's parameters, then (only then) use the password."""
        self._advance(1)
        message = self._received(challenge, "srp_init")
        group = _allowed_group(message["group"])
        salt, server_pub = message["salt"], _srp_int(group, message["B"], "B")
        iterations = _check_kdf(message["kdf"], self._min_iterations)
        password, self._password = self._password, ""
        secret = self._stretch(encode_password(password), message["kdf"]["salt"], iterations)
        self._client = srp.SrpClient(group, self._username.encode(), secret, self._randbytes)
        try:
            proof = self._client.process_challenge(salt, server_pub)
        except crypto_errors.SRPProtocolError as exc:
            raise SRPProtocolError(str(exc)) from exc
        public = group.pad(self._client.public_A)
        return self._sent(
            {
                "type": "srp_exchange",
                "login_id": message["login_id"],
                "A": public,
                "M1": proof,
                "count": count,
            }
        )

    def finish(self, result: HandshakeMessage) -> LoginResult:
        """Check M2 before the session key is used for anything."""
        self._advance(2)
        assert self._client is not None
        message = result.message
        if result.type != "srp_exchange":
            raise LocalProtocolError("expected the srp_exchange reply")
        try:
            self._client.verify_server(message["M2"])
        except crypto_errors.SRPServerProofError as exc:
            raise SRPServerProofError(str(exc)) from exc
        master = login_master(
            self._family_master, self._client.session_key, self._transcript.digest()
        )
        return LoginResult(self._username, master, tuple(message["tickets"]), message["ttl"])


def _allowed_group(name: str) -> srp.Group:
    try:
        return srp.group_by_name(name)
    except crypto_errors.UntrustedGroupError as exc:
        raise UntrustedGroupError(str(exc)) from exc


def _srp_int(group: srp.Group, data: bytes, name: str) -> int:
    if len(data) != group.byte_length:
        raise SRPProtocolError(f"SRP value {name} has the wrong length")
    value = int.from_bytes(data, "big")
    if value % group.N == 0 or value >= group.N:
        raise SRPProtocolError(f"SRP value {name} is 0 mod N or out of range")
    return value


def _check_kdf(kdf: dict[str, Any], floor: int) -> int:
    if kdf["algorithm"] != KDF_ALGORITHM:
        raise StretchingDowngradeError(
            f"password stretching {kdf['algorithm'][:32]!r} is not allowed"
        )
    iterations = int(kdf["iterations"])
    if iterations < floor:
        raise StretchingDowngradeError(
            f"the server asked for {iterations} PBKDF2 iterations, below this client's {floor}"
        )
    if iterations > MAX_ITERATIONS:
        raise LoginError("the server asked for an unreasonable number of iterations")
    return iterations


class KeyLogin(_Login):
    """Login by proving possession of a registered key (recovery or device key)."""

    def __init__(self, private_key: PrivateKey, username: str, family_master: bytes) -> None:
        super().__init__(family_master)
        self._key = private_key
        self._username = username
        self._signature = b""

    def init_message(self) -> dict[str, Any]:
        self._advance(0)
        return self._sent({"type": "key_init", "pub": self._key.public_key.to_bytes()})

    def exchange_message(self, challenge: HandshakeMessage, count: int) -> dict[str, Any]:
        self._advance(1)
        message = self._received(challenge, "key_init")
        binding = channel_binding(self._family_master, self._transcript.digest())
        public = self._key.public_key.to_bytes()
        self._signature = self._key.sign(key_login_message(binding, public, message["nonce"]))
        return self._sent(
            {
                "type": "key_exchange",
                "login_id": message["login_id"],
                "signature": self._signature,
                "count": count,
            }
        )

    def finish(self, result: HandshakeMessage) -> LoginResult:
        self._advance(2)
        message = result.message
        if result.type != "key_exchange":
            raise LocalProtocolError("expected the key_exchange reply")
        if message["username"] != self._username:
            raise LoginError("the server logged this key in as another user")
        master = login_master(
            self._family_master, key_login_secret(self._signature), self._transcript.digest()
        )
        return LoginResult(self._username, master, tuple(message["tickets"]), message["ttl"])


def key_login_secret(signature: bytes) -> bytes:
    """K of a key login (SPEC §6.2)."""
    return hashlib.sha256(signature).digest()
