"""Drop inboxes: extra inboxes the user hands out, reachable without the account's name
(SHARING.md §8, server_stub/SINKS.md "Drop inboxes").

A drop inbox is inbox `i` (key m/1'/i', `i` a random index ≥ 1) whose address is its
public key and server, `drop:<Base58Check(public key)>#host`, not the account's name:
a sender who holds the address encrypts to that key and posts as usual (signed with
its own identity key, verified through its server's PKI by the recipient). The label,
expiry and size limit are sealed into the sink's opaque `data` (AES-256-GCM under a key
derived from the sink key, AAD the sink id). The expiry and the size limit (not the
label) are also registered with the server in `sinkCreate`, which then refuses posts
after the expiry (SINK_EXPIRED) or larger than the limit (SINK_FULL), so a sender hears
at once; a server without them answers "unknown keys" and the drop is made without.
The client enforces both itself as well (it never trusts the server): a delivery that
arrived after the expiry, or larger than the limit, is rejected (never shown as a
file). Revoking deletes the sink, and with it what is still in it: the server then
answers SINK_NOT_FOUND to every post.

    drops = DropService(session)
    made = drops.create(label="tax papers", expires_in=7 * 86400, max_bytes=10 << 20)
    made.address                     # drop:2Nf…#files.example: hand this out
    drops.list()                     # [DropInbox]
    drops.revoke(made.address)       # -> messages that were still in it
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

import msgpack

from app.client.address import AddressError, parse_host
from app.client.errors import RemoteCallError
from app.client.objects_api import ObjectsApi
from app.client.sinks_api import SinkInfo, SinkNotFoundError, SinksApi
from app.crypto import aead
from app.crypto.base58 import address as key_address
from app.crypto.base58 import b58check_decode, b58check_encode
from app.crypto.ecc import PrivateKey, PublicKey
from app.crypto.errors import CryptoError, DecryptionError
from app.crypto.kdf import derive_key
from app.services.account import AccountSession
from app.services.account.inbox_keys import DEFAULT_INBOX, sink_key
from app.services.errors import InvalidInputError, NotFoundError
from app.services.sharing.errors import service_errors
from app.services.sharing.settings import Inbox, SettingsStore, SharingState
from app.vault import Vault
from app.wire.encoding import FORMAT_V1, pack, u8
from app.wire.messages import sink_create_signed_bytes

__all__ = [
    "DROP_PREFIX",
    "DropAddress",
    "DropInbox",
    "DropService",
    "drop_address",
    "is_drop_address",
    "parse_drop_address",
    "server_byte_limit",
]

DROP_PREFIX = "drop:"
DROP_ACL = "public"  # senders sign with their identity key; anonymous posts are refused
PURPOSE = "sink/drop-data"
MAX_LABEL = 200
INVALID_PARAMS = -32602  # what a server without registered limits answers to them
ENVELOPE_ALLOWANCE = 64 * 1024  # the server counts envelope and encryption bytes too
_INDEX_RANGE = 1 << 31


@dataclass(frozen=True)
class DropAddress:
    """A parsed `drop:<key>#host`: where to post, and the key to encrypt to."""

    public_key: PublicKey
    host: str

    @property
    def sink_id(self) -> str:
        return key_address(self.public_key.to_bytes())

    def __str__(self) -> str:
        return drop_address(self.public_key, self.host)


def drop_address(public_key: PublicKey, host: str) -> str:
    return f"{DROP_PREFIX}{b58check_encode(public_key.to_bytes())}#{host}"


def is_drop_address(text: str) -> bool:
    return text.strip().lower().startswith(DROP_PREFIX)


def parse_drop_address(text: str) -> DropAddress:
    """`drop:<Base58Check key>#host`; InvalidInputError naming what is wrong."""
    body = text.strip()
    if not is_drop_address(body) or "#" not in body:
        raise InvalidInputError(f"{text!r} is not a drop inbox address (drop:KEY#host)")
    key_text, _, host = body[len(DROP_PREFIX) :].partition("#")
    try:
        public_key = PublicKey.from_bytes(b58check_decode(key_text))
        server = parse_host(host)
    except (CryptoError, ValueError, AddressError):
        raise InvalidInputError(
            f"{text!r} is not a valid drop inbox address: check that it was copied whole"
        ) from None
    return DropAddress(public_key, str(server))


@dataclass(frozen=True)
class DropInbox:
    """One drop inbox of this account, as its owner sees it."""

    index: int
    sink_id: str
    address: str
    label: str
    created: float  # seconds
    expires: float | None = None  # seconds since the epoch; None: never
    max_bytes: int | None = None  # the most one delivery may hold; None: the server's limit
    messages: int = 0  # kept on the server now

    def expired(self, now: float) -> bool:
        return self.expires is not None and now >= self.expires

    def refusal(self, arrived: float, size: int) -> str:
        """Why a delivery that `arrived` (server time) with `size` bytes is refused; ""."""
        if self.expires is not None and arrived >= self.expires:
            return "it arrived after the drop inbox expired"
        if self.max_bytes is not None and size > self.max_bytes:
            return f"it holds {size} bytes, more than the drop inbox's limit of {self.max_bytes}"
        return ""


def server_byte_limit(max_bytes: int) -> int:
    """The limit registered with the server for a drop taking `max_bytes` of files: it
    counts a message whole (envelope and the blocks' encryption overhead, about 26 bytes
    per MiB), so it gets an allowance; the exact limit is the owner's client's check."""
    return max_bytes + max_bytes // 1024 + ENVELOPE_ALLOWANCE


def _data_key(private: PrivateKey, sink_id: str) -> bytes:
    return derive_key(private.to_bytes(), PURPOSE, context=sink_id.encode("ascii"))


def seal_drop_data(
    private: PrivateKey,
    label: str,
    created: float,
    expires: float | None,
    max_bytes: int | None,
    randbytes: Callable[[int], bytes] = secrets.token_bytes,
) -> bytes:
    """0x01 ‖ nonce(12) ‖ AES-256-GCM(key, nonce, msgpack [label, created, expires,
    max_bytes], aad = sink id)."""
    sink_id = key_address(private.public_key.to_bytes())
    body = pack([label, created, expires, max_bytes])
    nonce = randbytes(aead.NONCE_SIZE)
    return (
        u8(FORMAT_V1)
        + nonce
        + aead.encrypt(_data_key(private, sink_id), nonce, body, sink_id.encode())
    )


def open_drop_data(private: PrivateKey, data: bytes) -> tuple[str, float, float | None, int | None]:
    """The sealed fields; ValueError when they do not open (not ours, changed, garbled)."""
    sink_id = key_address(private.public_key.to_bytes())
    if len(data) < 1 + aead.NONCE_SIZE + aead.TAG_SIZE or data[0] != FORMAT_V1:
        raise ValueError("not drop inbox data")
    nonce, sealed = data[1 : 1 + aead.NONCE_SIZE], data[1 + aead.NONCE_SIZE :]
    try:
        raw = msgpack.unpackb(
            aead.decrypt(_data_key(private, sink_id), nonce, sealed, sink_id.encode()), raw=False
        )
    except (DecryptionError, ValueError, msgpack.UnpackException):
        raise ValueError("drop inbox data does not open") from None
    if not isinstance(raw, list) or len(raw) != 4:
        raise ValueError("drop inbox data")
    label, created, expires, max_bytes = raw
    if not isinstance(label, str) or not isinstance(created, int | float):
        raise ValueError("drop inbox data")
    if expires is not None and not isinstance(expires, int | float):
        raise ValueError("drop inbox data")
    if max_bytes is not None and (not isinstance(max_bytes, int) or max_bytes <= 0):
        raise ValueError("drop inbox data")
    return label, float(created), None if expires is None else float(expires), max_bytes


class DropService:
    """Create, list and revoke the drop inboxes of one logged-in account."""

    def __init__(
        self,
        session: AccountSession,
        *,
        clock: Callable[[], float] = time.time,
        randbelow: Callable[[int], int] = secrets.randbelow,
    ) -> None:
        self.session, self.clock, self.randbelow = session, clock, randbelow
        self.sinks = SinksApi(session.channel)
        self.settings = SettingsStore(ObjectsApi(session.channel), session.vault)

    @property
    def vault(self) -> Vault:
        return self.session.vault

    @property
    def host(self) -> str:
        return str(self.session.address.server)

    def create(
        self, label: str = "", *, expires_in: float | None = None, max_bytes: int | None = None
    ) -> DropInbox:
        """A new drop inbox: its own key (a fresh random index under m/1'), a sink on the
        home server, and a row in the sharing settings (so the phrase recovers it)."""
        label = " ".join(label.split())
        if len(label) > MAX_LABEL:
            raise InvalidInputError(f"a label has at most {MAX_LABEL} characters")
        if expires_in is not None and expires_in <= 0:
            raise InvalidInputError("the expiry must lie in the future")
        if max_bytes is not None and max_bytes <= 0:
            raise InvalidInputError("the size limit must be a positive number of bytes")
        now = self.clock()
        expires = None if expires_in is None else now + expires_in
        with service_errors("the new drop inbox"):
            used = {i.index for i in self.settings.load().inboxes} | {DEFAULT_INBOX}
            index = next(
                i for i in iter(lambda: 1 + self.randbelow(_INDEX_RANGE - 1), 0) if i not in used
            )
            private = sink_key(self.vault, index)
            sink_id = key_address(private.public_key.to_bytes())
            signature = private.sign(
                sink_create_signed_bytes(sink_id, self.session.address.name, DROP_ACL)
            )
            data = seal_drop_data(private, label, now, expires, max_bytes)
            self._create_sink(private, signature, data, expires, max_bytes)
            self.settings.update(lambda s: s.with_inbox(Inbox(index, DROP_ACL, sink_id)))
        return DropInbox(
            index,
            sink_id,
            drop_address(private.public_key, self.host),
            label,
            now,
            expires,
            max_bytes,
        )

    def _create_sink(
        self,
        private: PrivateKey,
        signature: bytes,
        data: bytes,
        expires: float | None,
        max_bytes: int | None,
    ) -> None:
        key = private.public_key.to_bytes()
        limit = None if max_bytes is None else server_byte_limit(max_bytes)
        try:
            self.sinks.create(key, DROP_ACL, signature, data=data, expires=expires, max_bytes=limit)
        except RemoteCallError as refused:
            registered = expires is not None or max_bytes is not None
            if not (registered and refused.code == INVALID_PARAMS and "keys" in refused.message):
                raise
            self.sinks.create(key, DROP_ACL, signature, data=data)  # a server before them

    def list(self) -> list[DropInbox]:
        """Every drop inbox of this account, oldest first (one whose sink is gone from
        the server, or whose data does not open, is listed without label)."""
        with service_errors("the drop inboxes"):
            rows = [i for i in self.settings.load().inboxes if i.index != DEFAULT_INBOX]
            on_server = {info.sink_id: info for info in self.sinks.list_sinks()}
        drops = [self._drop(row, on_server.get(row.sink_id)) for row in rows]
        return sorted(drops, key=lambda d: d.created)

    def _drop(self, row: Inbox, info: SinkInfo | None) -> DropInbox:
        private = sink_key(self.vault, row.index)
        address = drop_address(private.public_key, self.host)
        if info is None or key_address(private.public_key.to_bytes()) != row.sink_id:
            return DropInbox(row.index, row.sink_id, address, "", 0.0)
        try:
            label, created, expires, max_bytes = open_drop_data(private, info.data)
        except ValueError:
            return DropInbox(
                row.index, row.sink_id, address, "", info.created, None, None, info.messages
            )
        return DropInbox(
            row.index, row.sink_id, address, label, created, expires, max_bytes, info.messages
        )

    def find(self, which: str) -> DropInbox:
        """A drop inbox by its address, sink id or label."""
        wanted = which.strip()
        for drop in self.list():
            if wanted in (drop.address, drop.sink_id) or (drop.label and wanted == drop.label):
                return drop
        raise NotFoundError(f"no drop inbox {wanted!r}: see `privshare drop list`")

    def revoke(self, which: str) -> DropInbox:
        """Delete the drop inbox (and what is still in it): every later post is refused."""
        drop = self.find(which)

        def without(state: SharingState) -> SharingState:
            return replace(state, inboxes=tuple(i for i in state.inboxes if i.index != drop.index))

        with service_errors(f"drop inbox {drop.label or drop.address}"):
            try:
                self.sinks.delete(drop.sink_id)
            except SinkNotFoundError:
                pass  # gone already: forget it too
            self.settings.update(without)
        return drop
