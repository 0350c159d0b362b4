"""BIP-32 hierarchical deterministic keys on secp256k1 (standard BIP-32, mainnet xprv/xpub).

`ExtendedKey` is an immutable node of the key tree: the master from a seed, a child
derived from its parent, or one parsed (strictly) from its Base58Check form.

Where BIP-32 says "the resulting key is invalid, proceed with the next index" (IL >= n
or a zero child key, probability below 2^-127), this module raises `ExtendedKeyError`
instead: Privshare picks child indices at random, so the caller simply picks another.
A master key with IL = 0 or IL >= n is likewise refused (BIP-32: the seed is unusable).

Privshare's own rule: the chain code is a secret too (it yields an item's read key), so
neither it nor the private key appears in `repr()`.
"""

from __future__ import annotations

import hmac
import re
from dataclasses import dataclass
from typing import Final

from app.crypto import base58
from app.crypto.ecc import CURVE_ORDER, PrivateKey, PublicKey
from app.crypto.errors import ExtendedKeyError, InvalidKeyError

__all__ = ["HARDENED", "ExtendedKey"]

HARDENED: Final = 0x80000000
XPRV_VERSION: Final = bytes.fromhex("0488ADE4")
XPUB_VERSION: Final = bytes.fromhex("0488B21E")


_MASTER_HMAC_KEY: Final = b"Bitcoin seed"
_SERIALIZED_SIZE: Final = 78
_MAX_DEPTH: Final = 255
_NO_PARENT: Final = bytes(4)
_PATH_STEP = re.compile(r"([0-9]{1,10})(['hH]?)")


def _hmac_sha512(key: bytes, data: bytes) -> bytes:
    return hmac.digest(key, data, "sha512")


def _check_il(il: bytes) -> None:
    number = int.from_bytes(il, "big")
    if number == 0 or number >= CURVE_ORDER:
        raise ExtendedKeyError("this derivation gives an invalid key (IL is 0 or >= n)")


def _private_from(secret: bytes) -> PrivateKey:
    try:
        return PrivateKey.from_bytes(secret)
    except InvalidKeyError as error:
        raise ExtendedKeyError("the private key is not in 1..n-1") from error


def _public_from(encoded: bytes) -> PublicKey:
    if len(encoded) != 33 or encoded[0] not in (2, 3):
        raise ExtendedKeyError("the public key is not a compressed point (02/03 prefix)")
    try:
        return PublicKey.from_bytes(encoded)
    except InvalidKeyError as error:
        raise ExtendedKeyError("the public key is not a point on secp256k1") from error


def _tweak_private(parent: PrivateKey, il: bytes) -> PrivateKey:
    """(IL + k_par) mod n, in libsecp256k1 (constant time)."""
    try:
        return parent.tweak_add(il)
    except InvalidKeyError as error:
        raise ExtendedKeyError("this derivation gives an invalid key (zero child)") from error


def _tweak_public(parent: PublicKey, il: bytes) -> PublicKey:
    """point(IL) + K_par, in libsecp256k1."""
    try:
        return parent.tweak_add(il)
    except InvalidKeyError as error:
        raise ExtendedKeyError(
            "this derivation gives an invalid key (point at infinity)"
        ) from error


def _check_index(index: object, *, hardened: bool) -> int:
    if isinstance(index, bool) or not isinstance(index, int):
        raise ExtendedKeyError(f"a child index must be an integer, not {type(index).__name__}")
    if not 0 <= index < HARDENED:
        raise ExtendedKeyError(f"a child index must be in 0..2^31-1, not {index}")
    return index + HARDENED if hardened else index


def _parse_path(path: object) -> tuple[bool, list[int]]:
    """(starts at the master 'm', child numbers) of "m/0'/1/2h", or relative "0'/1"."""
    if not isinstance(path, str) or not path:
        raise ExtendedKeyError(f"a derivation path must be a non-empty string, not {path!r}")
    steps = path.split("/")
    from_master = steps[0] == "m"
    if from_master:
        steps = steps[1:]
    numbers = []
    for step in steps:
        match = _PATH_STEP.fullmatch(step)
        if match is None:
            raise ExtendedKeyError(f"{path!r} is not a derivation path like m/0'/1/2h")
        numbers.append(_check_index(int(match[1]), hardened=bool(match[2])))
    return from_master, numbers


@dataclass(frozen=True, slots=True, eq=False)
class ExtendedKey:
    """One node of a BIP-32 tree: a key pair (or public key) and its chain code.

    Build it with `from_seed`, `parse`, `child`/`derive` or `public`; the constructor
    checks that the fields are consistent.
    """

    depth: int
    parent_fingerprint: bytes
    child_number: int
    chain_code: bytes
    public_key: PublicKey
    private_key: PrivateKey | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.depth <= _MAX_DEPTH:
            raise ExtendedKeyError(f"depth must be in 0..255, not {self.depth}")
        if len(self.parent_fingerprint) != 4 or len(self.chain_code) != 32:
            raise ExtendedKeyError("a parent fingerprint has 4 bytes and a chain code 32")
        if not 0 <= self.child_number <= 0xFFFFFFFF:
            raise ExtendedKeyError("a child number must fit in 32 bits")
        if self.depth == 0 and self.parent_fingerprint != _NO_PARENT:
            raise ExtendedKeyError("a master key (depth 0) cannot have a parent fingerprint")
        if self.depth == 0 and self.child_number != 0:
            raise ExtendedKeyError("a master key (depth 0) cannot have a child number")
        if self.private_key is not None and self.private_key.public_key != self.public_key:
            raise ExtendedKeyError("the public key does not belong to the private key")

    # --- construction -----------------------------------------------------------------

    @classmethod
    def from_seed(cls, seed: bytes) -> ExtendedKey:
        """The master key of a 16..64-byte seed (BIP-32: HMAC-SHA512("Bitcoin seed", S))."""
        if not 16 <= len(seed) <= 64:
            raise ExtendedKeyError(f"a seed must be 16 to 64 bytes long, not {len(seed)}")
        digest = _hmac_sha512(_MASTER_HMAC_KEY, seed)
        il, chain_code = digest[:32], digest[32:]
        _check_il(il)
        key = _private_from(il)
        return cls(0, _NO_PARENT, 0, chain_code, key.public_key, key)

    @classmethod
    def parse(cls, text: str) -> ExtendedKey:
        """A key from its xprv/xpub Base58Check form; anything malformed -> ExtendedKeyError."""
        try:
            raw = base58.b58check_decode(text)
        except InvalidKeyError as error:
            raise ExtendedKeyError(f"not a valid Base58Check string: {error}") from error
        if len(raw) != _SERIALIZED_SIZE:
            raise ExtendedKeyError(f"an extended key has 78 bytes, not {len(raw)}")
        version, key_data = raw[:4], raw[45:]
        depth, parent, number = raw[4], raw[5:9], int.from_bytes(raw[9:13], "big")
        chain_code = raw[13:45]
        if version == XPRV_VERSION:
            if key_data[0] != 0:
                raise ExtendedKeyError("an xprv must hold 0x00 followed by the private key")
            private = _private_from(key_data[1:])
            return cls(depth, parent, number, chain_code, private.public_key, private)
        if version == XPUB_VERSION:
            return cls(depth, parent, number, chain_code, _public_from(key_data))
        raise ExtendedKeyError(f"unknown extended key version {version.hex()} (not xprv/xpub)")

    # --- derivation -------------------------------------------------------------------

    def child(self, index: int, hardened: bool = True) -> ExtendedKey:
        """The child at `index` (0..2^31-1), hardened by default (CKDpriv / CKDpub).

        Raises ExtendedKeyError for a hardened child of a public-only key, for a bad
        index, past depth 255, and in the (2^-127) case where BIP-32 would skip the index.
        """
        number = _check_index(index, hardened=hardened)
        if self.depth == _MAX_DEPTH:
            raise ExtendedKeyError("a key at depth 255 cannot have children")
        if number >= HARDENED:
            if self.private_key is None:
                raise ExtendedKeyError("a hardened child needs the private key (this is an xpub)")
            data = b"\x00" + self.private_key.to_bytes()
        else:
            data = self.public_key.to_bytes(compressed=True)
        digest = _hmac_sha512(self.chain_code, data + number.to_bytes(4, "big"))
        il, chain_code = digest[:32], digest[32:]
        _check_il(il)
        fingerprint = self.fingerprint
        if self.private_key is not None:
            key = _tweak_private(self.private_key, il)
            return ExtendedKey(self.depth + 1, fingerprint, number, chain_code, key.public_key, key)
        public = _tweak_public(self.public_key, il)
        return ExtendedKey(self.depth + 1, fingerprint, number, chain_code, public)

    def derive(self, path: str) -> ExtendedKey:
        """The key at a path: "m/0'/1/2h" (from a master key) or relative "0'/1".

        Hardened steps are marked with ', h or H; indices are 0..2^31-1.
        """
        from_master, numbers = _parse_path(path)
        if from_master and self.depth != 0:
            raise ExtendedKeyError(
                f"{path!r} starts at the master key, this key has depth {self.depth}"
            )
        key = self
        for number in numbers:
            key = key.child(number & ~HARDENED, hardened=number >= HARDENED)
        return key

    def public(self) -> ExtendedKey:
        """The same node without its private key (what an xpub holds)."""
        return ExtendedKey(
            self.depth, self.parent_fingerprint, self.child_number, self.chain_code, self.public_key
        )

    # --- serialisation and identity -----------------------------------------------------

    def _serialize(self, version: bytes, key_data: bytes) -> str:
        header = version + bytes([self.depth]) + self.parent_fingerprint
        body = self.child_number.to_bytes(4, "big") + self.chain_code + key_data
        return base58.b58check_encode(header + body)

    def to_xprv(self) -> str:
        """The Base58Check xprv (ExtendedKeyError if this is a public-only key)."""
        if self.private_key is None:
            raise ExtendedKeyError("this key has no private part (it is an xpub)")
        return self._serialize(XPRV_VERSION, b"\x00" + self.private_key.to_bytes())

    def to_xpub(self) -> str:
        """The Base58Check xpub."""
        return self._serialize(XPUB_VERSION, self.public_key.to_bytes(compressed=True))

    @property
    def is_private(self) -> bool:
        return self.private_key is not None

    @property
    def identifier(self) -> bytes:
        """HASH160 of the compressed public key (20 bytes)."""
        return base58.hash160(self.public_key.to_bytes(compressed=True))

    @property
    def fingerprint(self) -> bytes:
        """The first 4 bytes of the identifier."""
        return self.identifier[:4]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ExtendedKey):
            return NotImplemented
        mine = self.to_xprv() if self.is_private else self.to_xpub()
        theirs = other.to_xprv() if other.is_private else other.to_xpub()
        return hmac.compare_digest(mine, theirs)

    def __hash__(self) -> int:
        return hash(self.to_xpub())

    def __repr__(self) -> str:
        kind = "xprv" if self.is_private else "xpub"
        number = self.child_number
        step = f"{number & ~HARDENED}'" if number >= HARDENED else str(number)
        return (
            f"ExtendedKey({kind}, depth={self.depth}, child={step}, "
            f"fingerprint={self.fingerprint.hex()})"
        )
