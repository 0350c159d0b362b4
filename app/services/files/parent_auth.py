"""Writes into a shared folder on a server where this session has no login (SHARING.md §6).

Holding a folder's xprv is write access: `ParentAuthorisedApi` is an `ObjectsApi` whose
`transfer_open` and `descriptor_create` carry a `ParentGrant` signed by that folder's key
(server_stub/OBJECTS.md "Parent authorisation") instead of relying on a login. Everything
else (blockPut into the tied transfer, updates, reads) is the plain API. `GuestMode`
finds out once, from `objectsInfo`, whether a channel is logged in, and keeps the offset
to the server's clock that the signed time window needs.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence

from app.client.objects_api import NewDescriptor, ObjectsApi, ParentGrant
from app.fs import ItemKey
from app.wire.objects import SHA256, parent_signed_bytes, parent_window

__all__ = ["GuestMode", "ParentAuthorisedApi"]


class GuestMode:
    """Whether the channel behind `api` is logged in, and the server's clock (asked once)."""

    def __init__(self, api: ObjectsApi, clock: Callable[[], float] = time.time) -> None:
        self._api, self._clock = api, clock
        self._lock = threading.Lock()
        self._known: tuple[bool, float] | None = None

    def _learn(self) -> tuple[bool, float]:
        with self._lock:
            if self._known is None:
                logged_in, server_time = self._api.session_info()
                self._known = (not logged_in, server_time - self._clock())
            return self._known

    @property
    def is_guest(self) -> bool:
        return self._learn()[0]

    def server_now(self) -> float:
        return max(0.0, self._clock() + self._learn()[1])


class ParentAuthorisedApi(ObjectsApi):
    """The object API of a guest, creating under `parent` by the authority of its key."""

    def __init__(self, api: ObjectsApi, parent: ItemKey, mode: GuestMode) -> None:
        super().__init__(api.caller)
        self._parent, self._mode = parent, mode

    def transfer_open(self, grant: ParentGrant | None = None) -> bytes:
        if grant is None:
            parent_id = self._parent.item_id
            nonce, server_time = self.transfer_challenge(parent_id)
            window = parent_window(server_time)
            message = parent_signed_bytes("transferOpen", parent_id, nonce, window)
            grant = ParentGrant(parent_id, window, self._parent.sign(message), nonce)
        return super().transfer_open(grant)

    def descriptor_create(
        self,
        descriptor_id: str,
        public_key: bytes,
        block_ids: Sequence[bytes],
        extra: bytes,
        signature: bytes,
        transfer_id: bytes | None = None,
        grant: ParentGrant | None = None,
    ) -> int:
        if grant is None:
            parent_id = self._parent.item_id
            window = parent_window(self._mode.server_now())
            subject = descriptor_id.encode("utf-8")
            message = parent_signed_bytes("descriptorCreate", parent_id, subject, window)
            grant = ParentGrant(parent_id, window, self._parent.sign(message))
        return super().descriptor_create(
            descriptor_id, public_key, block_ids, extra, signature, transfer_id, grant
        )

    def descriptor_create_many(
        self, items: Sequence[NewDescriptor], transfer_id: bytes | None = None
    ) -> None:
        """One parent-authorised `descriptorCreate` each (the batch needs a login)."""
        for item in items:
            self.descriptor_create(
                item.id, item.public_key, item.block_ids, item.extra, item.signature, transfer_id
            )

    def put_and_create(
        self,
        transfer_id: bytes,
        blocks: Sequence[tuple[bytes, bytes]],
        items: Sequence[NewDescriptor],
        block_hash: str = SHA256,
    ) -> None:
        """The blocks, then one parent-authorised `descriptorCreate` each."""
        self.put_then_create(transfer_id, blocks, items, block_hash)
