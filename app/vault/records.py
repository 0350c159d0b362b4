"""The vault's small local records: address, pinned server keys, PKI checkpoints, versions.

`Records` is the part of a `Vault` that keeps them: it reads the unlocked body and saves
a changed one through the two functions the vault gives it, under the vault's lock.
Getters and setters need an unlocked vault; every setter that changes something
rewrites the file atomically (through `save`) before memory changes.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable

from app.vault.body import VaultBody
from app.vault.errors import ItemRollbackError, PinnedKeyChangedError

__all__ = ["Records"]

_SERVER_KEY_SIZE = 33


class Records:
    """The records of one vault. Each setter is a read-modify-write of the body under
    the vault's lock: threads of one process (the window's workers) neither lose each
    other's updates nor see them as another process's change."""

    def __init__(
        self,
        body: Callable[[], VaultBody],
        save: Callable[[VaultBody], None],
        guard: threading.RLock,
    ) -> None:
        self._body = body
        self._save_body = save
        self._guard = guard

    @property
    def created_at(self) -> int:
        """When the vault was made, Unix seconds."""
        return self._body().created_at

    # ---- account address -------------------------------------------------------------

    @property
    def address(self) -> str:
        """The account, "name#host", or "" before one is registered."""
        return self._body().address

    def set_address(self, address: str) -> None:
        with self._guard:
            if address and (address.count("#") != 1 or not all(address.split("#"))):
                raise ValueError(f"an account address looks like name#host, not {address!r}")
            body = self._body()
            if address != body.address:
                self._save_body(dataclasses.replace(body, address=address))

    # ---- pinned server keys ----------------------------------------------------------

    def server_key(self, host: str) -> bytes | None:
        """The server key pinned for `host` (33-byte compressed), or None."""
        return self._body().server_keys.get(host)

    def pin_server_key(self, host: str, key: bytes, *, replace: bool = False) -> None:
        """Pin `key` for `host` at first contact; a different key later raises
        `PinnedKeyChangedError` unless `replace=True` (the user confirmed it)."""
        with self._guard:
            _check_host(host)
            key = bytes(key)
            if len(key) != _SERVER_KEY_SIZE or key[0] not in (2, 3):
                raise ValueError("a server key is a 33-byte compressed secp256k1 public key")
            body = self._body()
            pinned = body.server_keys.get(host)
            if pinned == key:
                return
            if pinned is not None and not replace:
                raise PinnedKeyChangedError(host)
            self._save_body(dataclasses.replace(body, server_keys={**body.server_keys, host: key}))

    def forget_server_key(self, host: str) -> None:
        with self._guard:
            body = self._body()
            if host in body.server_keys:
                keys = {h: k for h, k in body.server_keys.items() if h != host}
                self._save_body(dataclasses.replace(body, server_keys=keys))

    # ---- PKI checkpoints -------------------------------------------------------------

    def pki_checkpoint(self, host: str) -> bytes | None:
        """The last verified PKI tree head of `host` (opaque bytes), or None."""
        return self._body().pki_checkpoints.get(host)

    def set_pki_checkpoint(self, host: str, checkpoint: bytes) -> None:
        with self._guard:
            _check_host(host)
            body = self._body()
            checkpoint = bytes(checkpoint)
            if body.pki_checkpoints.get(host) != checkpoint:
                points = {**body.pki_checkpoints, host: checkpoint}
                self._save_body(dataclasses.replace(body, pki_checkpoints=points))

    # ---- item version high-water marks -----------------------------------------------

    def item_version(self, item_id: str) -> int | None:
        """The highest version seen of an item, or None if never seen."""
        return self._body().item_versions.get(item_id)

    def note_item_version(self, item_id: str, version: int) -> None:
        """Record a version seen; a version lower than the mark raises `ItemRollbackError`."""
        with self._guard:
            if not item_id:
                raise ValueError("an item id must not be empty")
            if isinstance(version, bool) or not isinstance(version, int) or version < 0:
                raise ValueError("an item version is a non-negative integer")
            body = self._body()
            seen = body.item_versions.get(item_id)
            if seen is not None and version < seen:
                raise ItemRollbackError(item_id, seen, version)
            if seen != version:
                marks = {**body.item_versions, item_id: version}
                self._save_body(dataclasses.replace(body, item_versions=marks))

    # ---- this device's own key (a linked device) ------------------------------------

    @property
    def device(self) -> tuple[int, str] | None:
        """(index, name) of this device's key m/3'/index', or None (the phrase's device)."""
        body = self._body()
        return None if body.device_index is None else (body.device_index, body.device_name)

    def set_device(self, index: int, name: str) -> None:
        with self._guard:
            if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < 2**31:
                raise ValueError("a device index is 0..2^31-1")
            body = self._body()
            if (body.device_index, body.device_name) != (index, name):
                self._save_body(dataclasses.replace(body, device_index=index, device_name=name))


def _check_host(host: str) -> None:
    if not host or host != host.strip() or any(c in host for c in "#/ "):
        raise ValueError(f"not a server host: {host!r}")
