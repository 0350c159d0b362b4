"""`privData` v1: the account's recovery secret, sealed under the password (ACCOUNTS.md §2).

    header     = "PSPD" ‖ u8 version=1 ‖ u8 kdf=1 ‖ u32 iterations ‖ u8 L ‖ salt[L]
                 ‖ u64 counter ‖ nonce[12]
    ciphertext = AES-256-GCM(key, nonce, plaintext, aad = LABEL ‖ context ‖ header)
    signature  = ECDSA-secp256k1 by the identity key m/2' over
                 SIG_LABEL ‖ context ‖ header ‖ ciphertext           (64 bytes r‖s)
    privData   = header ‖ ciphertext ‖ signature

`open_sealed` checks the format version and the KDF parameters against the client floor
*before* the password is stretched (checklist A.4), then decrypts (A.1), then checks
the signature with the identity key derived from what it decrypted. Every failure is a
`TamperingDetectedError` subclass; decryption failures share one message.
"""

from __future__ import annotations

import secrets
import struct
from collections.abc import Callable
from dataclasses import dataclass, field

from app.crypto import aead, bip39
from app.crypto.bip32 import ExtendedKey
from app.crypto.ecc import PrivateKey, PublicKey
from app.crypto.errors import CryptoError
from app.crypto.kdf import derive_key, pbkdf2_sha512
from app.protocol.login import encode_password
from app.services.errors import TamperingDetectedError

__all__ = [
    "FORMAT_VERSION",
    "KDF_PBKDF2_SHA512",
    "MAX_ITERATIONS",
    "MAX_SIZE",
    "MIN_ITERATIONS",
    "AccountDataError",
    "Header",
    "KeyMismatchError",
    "PrivDataDowngradeError",
    "Secret",
    "Stretch",
    "identity_of",
    "open_sealed",
    "read_header",
    "seal",
    "verify_signature",
]

MAGIC = b"PSPD"
FORMAT_VERSION = 1
KDF_PBKDF2_SHA512 = 1
MIN_ITERATIONS = 210_000  # the client floor (DESIGN §2)
MAX_ITERATIONS = 50_000_000  # beyond this, a server could make a client hang
DEFAULT_ITERATIONS = MIN_ITERATIONS
SALT_SIZE = 32
MIN_SALT, MAX_SALT = 16, 64
MAX_PASSPHRASE = 1024
MAX_SIZE = 4096  # the server refuses larger blobs
SIGNATURE_SIZE = 64
AAD_LABEL = b"privshare/v1/privdata"
SIG_LABEL = b"privshare/v1/privdata-signature"
KEY_PURPOSE = "account/privdata-key"
ENTROPY_SIZES = (16, 20, 24, 28, 32)

_FIXED = struct.Struct(">4sBBIB")  # magic, version, kdf, iterations, salt length
_TAIL = struct.Struct(">Q12s")  # counter, nonce

Stretch = Callable[[bytes, bytes, int], bytes]


class AccountDataError(TamperingDetectedError):
    """privData from the server is malformed, does not open, or is not signed by us."""

    def __init__(self, detail: str = "") -> None:
        text = "the server returned changed account data (privData)"
        super().__init__(f"{text}: {detail}" if detail else text)


class PrivDataDowngradeError(AccountDataError):
    """privData names key-derivation parameters below the client's floor (checklist A.4)."""


class KeyMismatchError(TamperingDetectedError):
    """The identity key derived from the phrase is not the one the server or PKI holds."""


@dataclass(frozen=True)
class Secret:
    """What privData protects: the BIP-39 entropy and the optional passphrase."""

    entropy: bytes = field(repr=False)
    passphrase: str = field(default="", repr=False)

    @property
    def mnemonic(self) -> str:
        return bip39.entropy_to_mnemonic(self.entropy)


@dataclass(frozen=True)
class Header:
    """The clear (but authenticated and signed) part of privData."""

    iterations: int
    salt: bytes
    counter: int
    nonce: bytes

    def to_bytes(self) -> bytes:
        fixed = _FIXED.pack(
            MAGIC, FORMAT_VERSION, KDF_PBKDF2_SHA512, self.iterations, len(self.salt)
        )
        return fixed + self.salt + _TAIL.pack(self.counter, self.nonce)


def pbkdf2_stretch(password: bytes, salt: bytes, iterations: int) -> bytes:
    return pbkdf2_sha512(password, salt, iterations, aead.KEY_SIZE)


def context(username: str, host: str) -> bytes:
    """u8 length ‖ username ‖ u8 length ‖ host (both ASCII, as in the address)."""
    name, where = username.encode("ascii"), host.encode("ascii")
    if len(name) > 255 or len(where) > 255:
        raise ValueError("username and host must each fit in 255 bytes")
    return bytes([len(name)]) + name + bytes([len(where)]) + where


def identity_of(secret: Secret) -> ExtendedKey:
    """m/2' of the account the secret belongs to."""
    seed = bip39.mnemonic_to_seed(secret.mnemonic, secret.passphrase)
    return ExtendedKey.from_seed(seed).child(2, hardened=True)


def seal(
    secret: Secret,
    password: str,
    *,
    username: str,
    host: str,
    counter: int,
    identity: PrivateKey,
    iterations: int = DEFAULT_ITERATIONS,
    stretch: Stretch = pbkdf2_stretch,
    randbytes: Callable[[int], bytes] = secrets.token_bytes,
) -> bytes:
    """privData v1 for `secret` under `password`, signed by `identity` (m/2')."""
    if not MIN_ITERATIONS <= iterations <= MAX_ITERATIONS:
        raise ValueError(f"iterations must lie in {MIN_ITERATIONS}..{MAX_ITERATIONS}")
    if not 0 <= counter < 2**64:
        raise ValueError("the counter is a u64")
    header = Header(iterations, randbytes(SALT_SIZE), counter, randbytes(aead.NONCE_SIZE))
    head = header.to_bytes()
    where = context(username, host)
    key = _key(stretch, password, header)
    ciphertext = aead.encrypt(key, header.nonce, _plaintext(secret), AAD_LABEL + where + head)
    signature = identity.sign(SIG_LABEL + where + head + ciphertext)
    blob = head + ciphertext + signature
    if len(blob) > MAX_SIZE:
        raise ValueError("the passphrase is too long for privData")
    return blob


def read_header(blob: bytes) -> tuple[Header, int]:
    """The header and its length; refuses unknown versions and KDFs below the floor."""
    if len(blob) < _FIXED.size or len(blob) > MAX_SIZE:
        raise AccountDataError("wrong size")
    magic, version, kdf, iterations, salt_size = _FIXED.unpack_from(blob)
    if magic != MAGIC:
        raise AccountDataError("not privData")
    if version != FORMAT_VERSION:
        raise AccountDataError(f"unknown format version {version}")
    if kdf != KDF_PBKDF2_SHA512 or iterations < MIN_ITERATIONS or salt_size < MIN_SALT:
        raise PrivDataDowngradeError(
            "its key-derivation parameters are below the safe minimum (a downgrade attack?)"
        )
    if iterations > MAX_ITERATIONS or salt_size > MAX_SALT:
        raise AccountDataError("its key-derivation parameters are out of range")
    end = _FIXED.size + salt_size + _TAIL.size
    if len(blob) < end + aead.TAG_SIZE + SIGNATURE_SIZE:
        raise AccountDataError("truncated")
    salt = blob[_FIXED.size : _FIXED.size + salt_size]
    counter, nonce = _TAIL.unpack_from(blob, _FIXED.size + salt_size)
    return Header(iterations, salt, counter, nonce), end


def verify_signature(blob: bytes, identity: PublicKey, *, username: str, host: str) -> Header:
    """The header of privData whose signature by `identity` holds (no password needed)."""
    header, _ = read_header(blob)
    signed = SIG_LABEL + context(username, host) + blob[:-SIGNATURE_SIZE]
    try:
        identity.verify(blob[-SIGNATURE_SIZE:], signed)
    except CryptoError:
        raise AccountDataError("it is not signed by this account's identity key") from None
    return header


def open_sealed(
    blob: bytes,
    password: str,
    *,
    username: str,
    host: str,
    stretch: Stretch = pbkdf2_stretch,
) -> tuple[Secret, Header]:
    """Check, decrypt and verify privData; the signature is checked with the identity
    key derived from the decrypted secret."""
    header, end = read_header(blob)  # before the password is touched
    where = context(username, host)
    ciphertext = blob[end:-SIGNATURE_SIZE]
    key = _key(stretch, password, header)
    try:
        plaintext = aead.decrypt(key, header.nonce, ciphertext, AAD_LABEL + where + blob[:end])
    except CryptoError:
        raise AccountDataError() from None
    secret = _parse_plaintext(plaintext)
    verify_signature(blob, identity_of(secret).public_key, username=username, host=host)
    return secret, header


def _key(stretch: Stretch, password: str, header: Header) -> bytes:
    stretched = stretch(encode_password(password), header.salt, header.iterations)
    return derive_key(stretched, KEY_PURPOSE)


def _plaintext(secret: Secret) -> bytes:
    if len(secret.entropy) not in ENTROPY_SIZES:
        raise ValueError("BIP-39 entropy is 16 to 32 bytes in steps of 4")
    phrase = secret.passphrase.encode("utf-8")
    if len(phrase) > MAX_PASSPHRASE:
        raise ValueError(f"a passphrase of at most {MAX_PASSPHRASE} bytes")
    flags = 1 if phrase else 0
    return (
        bytes([flags, len(secret.entropy)])
        + secret.entropy
        + struct.pack(">H", len(phrase))
        + phrase
    )


def _parse_plaintext(data: bytes) -> Secret:
    try:
        flags, size = data[0], data[1]
        entropy = data[2 : 2 + size]
        (phrase_size,) = struct.unpack_from(">H", data, 2 + size)
        phrase = data[4 + size :]
        valid = (
            flags in (0, 1)
            and size in ENTROPY_SIZES
            and len(entropy) == size
            and len(phrase) == phrase_size
            and bool(flags) == bool(phrase)
        )
        if valid:
            return Secret(entropy, phrase.decode("utf-8"))
    except (IndexError, struct.error, UnicodeDecodeError):
        pass
    raise AccountDataError("its content is malformed")
