"""Item keys (DESIGN §3, FORMAT.md §2): every file and folder is a BIP-32 extended key.

    item id      = Base58Check address of the compressed public key
    read key     = HKDF(chain code, "privshare/v1/read")         (anyone with the xpub)
    metadata key = HKDF(read key, "privshare/v1/fs/metadata", context = public key)
    listing key  = HKDF(read key, "privshare/v1/fs/listing",  context = public key)
    signing key  = the item's private key                        (only with the xprv)

The read key itself encrypts nothing; each purpose gets its own key, and the signing key
is never used for encryption.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Container
from dataclasses import dataclass
from functools import cached_property

from app.crypto import base58
from app.crypto.bip32 import HARDENED, ExtendedKey
from app.crypto.errors import CryptoError
from app.crypto.kdf import derive_key
from app.fs.errors import FsUsageError

__all__ = ["ItemKey"]


@dataclass(frozen=True)
class ItemKey:
    """The key of one file or folder: read access with an xpub, write access with an xprv."""

    extended: ExtendedKey

    @classmethod
    def parse(cls, text: str) -> ItemKey:
        """An item key from its xprv or xpub string (FsUsageError if it is not one)."""
        try:
            return cls(ExtendedKey.parse(text))
        except CryptoError as exc:
            raise FsUsageError("that is not a valid xprv or xpub item key") from exc

    def __repr__(self) -> str:
        access = "write" if self.can_write else "read"
        return f"ItemKey({self.item_id}, {access})"

    @property
    def can_write(self) -> bool:
        return self.extended.is_private

    @cached_property
    def public_bytes(self) -> bytes:
        """The 33-byte compressed public key."""
        return self.extended.public_key.to_bytes(compressed=True)

    @cached_property
    def item_id(self) -> str:
        return base58.address(self.public_bytes)

    @cached_property
    def fingerprint(self) -> bytes:
        """The BIP-32 fingerprint its children name as their parent's."""
        return self.extended.fingerprint

    @cached_property
    def read_key(self) -> bytes:
        return derive_key(self.extended.chain_code, "read")

    @cached_property
    def metadata_key(self) -> bytes:
        return self.purpose_key("fs/metadata")

    @cached_property
    def listing_key(self) -> bytes:
        return self.purpose_key("fs/listing")

    def purpose_key(self, purpose: str) -> bytes:
        """A 32-byte key for one purpose, derived from the read key and bound to this item."""
        return derive_key(self.read_key, purpose, context=self.public_bytes)

    def to_xpub(self) -> str:
        return self.extended.to_xpub()

    def to_xprv(self) -> str:
        self._need_write("export an xprv")
        return self.extended.to_xprv()

    def public(self) -> ItemKey:
        """The read-only form of this key (with the identifiers already computed)."""
        public = ItemKey(self.extended.public())
        for name in ("public_bytes", "item_id"):  # the same public key: the same values
            if name in self.__dict__:
                public.__dict__[name] = self.__dict__[name]
        return public

    def child(self, index: int) -> ItemKey:
        """The child at hardened `index` (0 <= index < 2^31); needs the xprv."""
        self._need_write("derive a child")
        if not 0 <= index < HARDENED:
            raise FsUsageError(f"a child index must be in 0..{HARDENED - 1}")
        return ItemKey(self.extended.child(index, hardened=True))

    def new_child_index(
        self,
        taken: Container[int] = (),
        randbytes: Callable[[int], bytes] = secrets.token_bytes,
    ) -> int:
        """A random hardened child index not in `taken`."""
        while True:
            index = int.from_bytes(randbytes(4), "big") & (HARDENED - 1)
            if index not in taken:
                return index

    def sign(self, message: bytes) -> bytes:
        """64-byte ECDSA signature (r ‖ s) over SHA-256(message); needs the xprv."""
        private = self.extended.private_key
        if private is None:
            raise FsUsageError("this item key is read-only: it cannot sign")
        return private.sign(message)

    def verifies(self, signature: bytes, message: bytes) -> bool:
        """Whether `signature` is this item's signature over `message`."""
        try:
            self.extended.public_key.verify(signature, message)
        except (CryptoError, ValueError):
            return False
        return True

    def _need_write(self, what: str) -> None:
        if not self.can_write:
            raise FsUsageError(f"this item key is read-only: it cannot {what}")
