"""Transcript hash and key schedule (SPEC §3, §6)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from app.crypto.kdf import derive_key
from app.protocol._records import DirectionKeys

SERVER_SIGNATURE_LABEL = b"privshare/v1/tls/server-signature"
KEY_LOGIN_LABEL = b"privshare/v1/tls/key-login"


class Transcript:
    """Running SHA-256 over `u32(len) ‖ bytes` of each handshake message."""

    def __init__(self) -> None:
        self._hash = hashlib.sha256()

    def add(self, message: bytes | memoryview) -> None:
        self._hash.update(len(message).to_bytes(4, "big"))
        self._hash.update(message)

    def digest(self) -> bytes:
        return self._hash.copy().digest()


@dataclass(frozen=True)
class ExchangeKeys:
    """Everything one exchange derives from its premaster and transcript."""

    master: bytes
    client: DirectionKeys
    server: DirectionKeys


def exchange_keys(premaster: bytes, transcript_hash: bytes) -> ExchangeKeys:
    th = transcript_hash
    master = derive_key(premaster, "tls/master", salt=th)
    return ExchangeKeys(
        master=master,
        client=DirectionKeys(
            derive_key(master, "tls/client-key", salt=th),
            derive_key(master, "tls/client-iv", salt=th, length=12),
        ),
        server=DirectionKeys(
            derive_key(master, "tls/server-key", salt=th),
            derive_key(master, "tls/server-iv", salt=th, length=12),
        ),
    )


def ticket_secret(family_master: bytes, ticket_id: bytes) -> bytes:
    return derive_key(family_master, "tls/ticket", context=ticket_id)


def login_master(family_master: bytes, login_key: bytes, login_transcript: bytes) -> bytes:
    return derive_key(family_master + login_key, "tls/login-master", salt=login_transcript)


def channel_binding(family_master: bytes, transcript_hash: bytes) -> bytes:
    return derive_key(family_master, "tls/channel-binding", salt=transcript_hash)


def server_signature_message(
    hello_hash: bytes, server_ephemeral: bytes, server_random: bytes, server_static: bytes
) -> bytes:
    return SERVER_SIGNATURE_LABEL + hello_hash + server_ephemeral + server_random + server_static


def key_login_message(binding: bytes, public_key: bytes, nonce: bytes) -> bytes:
    return KEY_LOGIN_LABEL + binding + public_key + nonce
