"""The account's sharing settings: one encrypted, signed item at m/9'/1' (SHARING.md §2).

It holds what must survive a recovery from the phrase alone: which inbox indices exist
(m/1'/i'), the shares this account granted (who, what, read or write, when) and the
shares it accepted (under which /Shared name). The server keeps it as a descriptor of
the settings key, so only this account can read it (AES-256-GCM under a purpose key of
the item) or change it (the item key signs every write; compare-and-swap on the
previous signature). A version counter inside the ciphertext guards against rollback
(the vault's high-water mark of the item).

    store = SettingsStore(api, vault)
    state = store.load()                        # SharingState (empty if none yet)
    state = store.update(lambda s: s.with_inbox(Inbox(0, "public", sink_id)))
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import msgpack

from app.client.objects_api import CasMismatchError, DescriptorRecord, ObjectsApi
from app.crypto import aead
from app.crypto.errors import DecryptionError
from app.fs import DescriptorPayload, ItemKey, ShareReference
from app.services.errors import ServiceError, TamperingDetectedError
from app.vault import Vault
from app.wire.encoding import FORMAT_V1, lp_str, pack, u8, want, want_uint

__all__ = [
    "SETTINGS_INDEX",
    "Grant",
    "Inbox",
    "Received",
    "SettingsStore",
    "SettingsTamperedError",
    "SharingState",
]

SETTINGS_INDEX = 1  # m/9'/1'
PURPOSE = "settings/sharing"
MAX_ATTEMPTS = 20
_FIELDS = frozenset({"version", "inboxes", "granted", "received"})


class SettingsTamperedError(TamperingDetectedError):
    """The sharing settings item failed a check (signature, decryption, shape, version)."""


@dataclass(frozen=True)
class Inbox:
    """A sink of this account: its index under m/1' and its ACL."""

    index: int
    acl: str
    sink_id: str


@dataclass(frozen=True)
class Grant:
    """A share this account sent: item `item_id` (at `path` then) to `to`."""

    item_id: str
    path: str
    type: str
    to: str
    access: str  # "read" | "write"
    when: int  # ms since the epoch


@dataclass(frozen=True)
class Received:
    """A share this account accepted, visible as /Shared/<name>."""

    share_id: str
    name: str
    sender: str
    reference: bytes  # ShareReference bytes (app.fs.share)
    when: int
    sent: int = 0  # the accepted message's `sent` (ms, the sender's clock); 0: not known

    @property
    def share(self) -> ShareReference:
        """The parsed reference: what is shared, on which server, with which access."""
        return ShareReference.from_bytes(self.reference)

    @property
    def item_id(self) -> str:
        return self.share.item_id


@dataclass(frozen=True)
class Superseded:
    """A share from `sender` that a newer one replaced: never accepted again."""

    sender: str
    item_id: str
    sent: int


@dataclass(frozen=True)
class SharingState:
    version: int = 0
    inboxes: tuple[Inbox, ...] = ()
    granted: tuple[Grant, ...] = ()
    received: tuple[Received, ...] = ()
    superseded: tuple[Superseded, ...] = ()

    def with_inbox(self, inbox: Inbox) -> SharingState:
        kept = tuple(i for i in self.inboxes if i.index != inbox.index)
        return replace(self, inboxes=(*kept, inbox))

    def with_grant(self, grant: Grant) -> SharingState:
        kept = tuple(g for g in self.granted if (g.item_id, g.to) != (grant.item_id, grant.to))
        return replace(self, granted=(*kept, grant))

    def with_received(self, received: Received, replaced: Received | None = None) -> SharingState:
        """`received` added; it takes the place of `replaced` (and of any share of the
        same name), whose item is remembered as superseded unless it is the same."""
        gone = {received.name} | ({replaced.name} if replaced else set())
        kept = tuple(r for r in self.received if r.name not in gone)
        superseded = self.superseded
        if replaced is not None and replaced.item_id != received.item_id:
            superseded = (*superseded, Superseded(replaced.sender, replaced.item_id, replaced.sent))
        return replace(self, received=(*kept, received), superseded=superseded)

    def is_superseded(self, sender: str, item_id: str) -> bool:
        return any((s.sender, s.item_id) == (sender, item_id) for s in self.superseded)

    def grants_of(self, item_id: str) -> tuple[Grant, ...]:
        return tuple(g for g in self.granted if g.item_id == item_id)

    def received_named(self, name: str) -> Received | None:
        return next((r for r in self.received if r.name == name), None)


def settings_key(vault: Vault) -> ItemKey:
    """The settings item's key, m/9'/1' (hardened: it reveals nothing above it)."""
    return ItemKey(vault.branch(Vault.SETTINGS)).child(SETTINGS_INDEX)


@dataclass
class SettingsStore:
    """Reads and writes the sharing settings item on the account's home server."""

    api: ObjectsApi
    vault: Vault
    randbytes: Callable[[int], bytes] = secrets.token_bytes
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def key(self) -> ItemKey:
        return settings_key(self.vault)

    def load(self) -> SharingState:
        state, _ = self._read()
        return state

    def update(self, mutate: Callable[[SharingState], SharingState]) -> SharingState:
        """Apply `mutate` to the current state and store it (re-read and re-apply when
        another device wrote meanwhile)."""
        for _ in range(MAX_ATTEMPTS):
            current, record = self._read()
            changed = mutate(current)
            if changed == current:
                return current
            new = replace(changed, version=current.version + 1)
            try:
                self._write(new, record)
            except CasMismatchError:
                continue
            return new
        raise ServiceError("the sharing settings keep changing on another device; try again")

    def _read(self) -> tuple[SharingState, DescriptorRecord | None]:
        key = self.key
        record = self.api.descriptor(key.item_id)
        if record is None:
            if self._mark():
                raise SettingsTamperedError(
                    "tampering detected: RollbackError: the server no longer has the sharing "
                    "settings this device has seen"
                )
            return SharingState(), None
        if record.id != key.item_id or record.public_key != key.public_bytes or record.block_ids:
            raise SettingsTamperedError("tampering detected: the settings item is not ours")
        payload = DescriptorPayload(record.id, (), record.extra)
        if not key.verifies(record.signature, payload.signed_bytes()):
            raise SettingsTamperedError("tampering detected: the settings item's signature")
        state = decode_state(key, record.extra)
        if state.version < self._mark():
            raise SettingsTamperedError(
                "tampering detected: RollbackError: the server served older sharing settings"
            )
        self._note(state.version)
        return state, record

    def _write(self, state: SharingState, record: DescriptorRecord | None) -> None:
        key = self.key
        extra = encode_state(key, state, self.randbytes)
        signature = DescriptorPayload(key.item_id, (), extra).sign(key)
        if record is None:
            self.api.descriptor_create(key.item_id, key.public_bytes, (), extra, signature)
        else:
            self.api.descriptor_update(key.item_id, (), extra, signature, record.signature)
        self._note(state.version)

    def _mark(self) -> int:
        with self._lock:
            return self.vault.item_version(self.key.item_id) or 0

    def _note(self, version: int) -> None:
        with self._lock:
            self.vault.note_item_version(self.key.item_id, version)


# ---- codec -----------------------------------------------------------------------------


def _aad(key: ItemKey) -> bytes:
    return u8(FORMAT_V1) + lp_str(key.item_id)


def encode_state(
    key: ItemKey, state: SharingState, randbytes: Callable[[int], bytes] = secrets.token_bytes
) -> bytes:
    """0x01 ‖ nonce(12) ‖ AES-256-GCM(purpose key, nonce, msgpack body, aad)."""
    body = pack(
        {
            "version": state.version,
            "inboxes": [[i.index, i.acl, i.sink_id] for i in state.inboxes],
            "granted": [[g.item_id, g.path, g.type, g.to, g.access, g.when] for g in state.granted],
            "received": [
                [r.share_id, r.name, r.sender, r.reference, r.when, r.sent] for r in state.received
            ],
            "superseded": [[s.sender, s.item_id, s.sent] for s in state.superseded],
        }
    )
    nonce = randbytes(aead.NONCE_SIZE)
    sealed = aead.encrypt(key.purpose_key(PURPOSE), nonce, body, _aad(key))
    return u8(FORMAT_V1) + nonce + sealed


def decode_state(key: ItemKey, extra: bytes) -> SharingState:
    if len(extra) < 1 + aead.NONCE_SIZE + aead.TAG_SIZE or extra[0] != FORMAT_V1:
        raise SettingsTamperedError("tampering detected: the settings item's format")
    nonce, sealed = extra[1 : 1 + aead.NONCE_SIZE], extra[1 + aead.NONCE_SIZE :]
    try:
        body = aead.decrypt(key.purpose_key(PURPOSE), nonce, sealed, _aad(key))
        raw = msgpack.unpackb(body, raw=False, strict_map_key=True)
        if not isinstance(raw, dict) or set(raw) not in (_FIELDS, _FIELDS | {"superseded"}):
            raise ValueError("not the settings map")
        return _state_from(raw)
    except (DecryptionError, ValueError, TypeError, msgpack.UnpackException):
        raise SettingsTamperedError(
            "tampering detected: the sharing settings do not decrypt or are malformed"
        ) from None


def _state_from(raw: dict[str, Any]) -> SharingState:
    inboxes = tuple(Inbox(_int(i[0]), _str(i[1]), _str(i[2])) for i in _rows(raw, "inboxes", 3))
    granted = tuple(
        Grant(_str(g[0]), _str(g[1]), _str(g[2]), _str(g[3]), _str(g[4]), _int(g[5]))
        for g in _rows(raw, "granted", 6)
    )
    received = tuple(
        Received(_str(r[0]), _str(r[1]), _str(r[2]), _bytes(r[3]), _int(r[4]), _int(r[5]))
        for r in _rows(raw, "received", 6, legacy=5, filler=0)
    )
    superseded = tuple(
        Superseded(_str(s[0]), _str(s[1]), _int(s[2]))
        for s in (_rows(raw, "superseded", 3) if "superseded" in raw else [])
    )
    return SharingState(want_uint(raw, "version"), inboxes, granted, received, superseded)


def _rows(
    raw: dict[str, Any], name: str, width: int, *, legacy: int | None = None, filler: object = None
) -> list[list[Any]]:
    """The rows of `name`, each `width` wide; rows `legacy` wide (written by an earlier
    version) are padded with `filler`."""
    rows = want(raw, name, list)
    widths = {width, width if legacy is None else legacy}
    if not all(isinstance(row, list) and len(row) in widths for row in rows):
        raise ValueError(f"{name} rows")
    return [row + [filler] * (width - len(row)) for row in rows]


def _str(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("a string")
    return value


def _int(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise TypeError("a non-negative integer")
    return value


def _bytes(value: object) -> bytes:
    if not isinstance(value, bytes):
        raise TypeError("bytes")
    return value
