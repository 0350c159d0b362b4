"""The link format of server_stub/LINKS.md §1-4 and §6, byte for byte, without I/O.

    secret = LinkSecret.generate()                  # id and key K
    keys = secret.keys(password, salt, iterations)  # master -> access, manifest key
    url = link_url(base, secret)                    # BASE/l/ID#KEY
    sealed = seal_manifest(keys, manifest)          # Manifest -> bytes for the server
    note = seal_note(note_key, secret.link_id, OwnerNote(...))
    name, keys, header = open_drop_header(private_key, link_id, header)

Every failure to open something (a wrong key, a changed byte, an ill-formed body) is one
`LinkFormatError`; nothing says which check failed.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import secrets
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import msgpack
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from app.crypto.kdf import hkdf_sha256, pbkdf2
from app.fs import ContentKeys
from app.fs.chunks import MAX_CHUNK_SIZE, chunk_count_for
from app.fs.metadata import check_name
from app.services.errors import TamperingDetectedError

__all__ = [
    "FORMAT",
    "MIN_PASSWORD_ITERATIONS",
    "DropHeader",
    "LinkFormatError",
    "LinkKeys",
    "LinkSecret",
    "Manifest",
    "ManifestFile",
    "OwnerNote",
    "b64u",
    "link_url",
    "new_request_key",
    "open_drop_header",
    "open_manifest",
    "open_note",
    "parse_link_url",
    "seal_manifest",
    "seal_note",
    "unb64u",
]

FORMAT = 0x01
MIN_PASSWORD_ITERATIONS = 600_000
ID_SIZE = 16
KEY_SIZE = 32
SALT_SIZE = 16
NONCE_SIZE = 12
P256_POINT_SIZE = 65
_LABEL = b"privshare/v1/link/"
_MANIFEST_AAD = bytes([FORMAT]) + _LABEL + b"manifest"
_NOTE_AAD = bytes([FORMAT]) + _LABEL + b"note"


class LinkFormatError(TamperingDetectedError):
    """A link, manifest, note or drop that does not open: wrong key, changed or ill-formed."""

    def __init__(self, message: str = "the link data does not open (wrong key or changed)"):
        super().__init__(message)


def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64u(text: str, size: int | None = None) -> bytes:
    try:
        data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise LinkFormatError("not base64url text") from None
    if size is not None and len(data) != size:
        raise LinkFormatError(f"expected {size} bytes")
    return data


def _hkdf(ikm: bytes, info: bytes, length: int = 32, salt: bytes = b"") -> bytes:
    return hkdf_sha256(ikm, salt=salt, info=info, length=length)


@dataclass(frozen=True)
class LinkKeys:
    """What a holder of K (and the password) derives (LINKS.md §2)."""

    access: bytes
    manifest_key: bytes

    @property
    def access_hash(self) -> bytes:
        return hashlib.sha256(self.access).digest()

    def __repr__(self) -> str:
        return "LinkKeys(<secret>)"


@dataclass(frozen=True)
class LinkSecret:
    """A link's id (public) and its key K (only in the URL fragment and the owner's note)."""

    link_id: str
    key: bytes

    def __repr__(self) -> str:
        return f"LinkSecret({self.link_id}, <secret>)"

    @classmethod
    def generate(cls, randbytes: Callable[[int], bytes] = secrets.token_bytes) -> LinkSecret:
        """A fresh id and key. The id never starts with "-" (a command line would read it
        as an option): ids whose first six bits encode "-" are drawn again (LINKS.md §1)."""
        link_id = b64u(randbytes(ID_SIZE))
        while link_id.startswith("-"):
            link_id = b64u(randbytes(ID_SIZE))
        return cls(link_id, randbytes(KEY_SIZE))

    def keys(self, password: str | None = None, salt: bytes = b"", iterations: int = 0) -> LinkKeys:
        master = self.key
        if password is not None:
            if iterations < MIN_PASSWORD_ITERATIONS or len(salt) != SALT_SIZE:
                raise LinkFormatError("password parameters below the floor")
            secret = unicodedata.normalize("NFC", password).encode("utf-8")
            stretched = pbkdf2("sha256", secret, salt, iterations, 32)
            master = _hkdf(self.key + stretched, _LABEL + b"password")
        link_id = self.link_id.encode("ascii")
        return LinkKeys(
            _hkdf(master, _LABEL + b"access" + link_id),
            _hkdf(master, _LABEL + b"manifest" + link_id),
        )


def link_url(base: str, secret: LinkSecret) -> str:
    """BASE/l/ID#KEY (the key only in the fragment)."""
    return f"{base.rstrip('/')}/l/{secret.link_id}#{b64u(secret.key)}"


def parse_link_url(url: str) -> tuple[str, LinkSecret]:
    """(base, secret) of a link URL; LinkFormatError if it is not one."""
    head, _, fragment = url.partition("#")
    base, marker, link_id = head.rpartition("/l/")
    if not marker or len(link_id) != 22 or len(fragment) != 43:
        raise LinkFormatError("not a Privshare link URL (BASE/l/ID#KEY)")
    unb64u(link_id, ID_SIZE)
    return base, LinkSecret(link_id, unb64u(fragment, KEY_SIZE))


@dataclass(frozen=True)
class ManifestFile:
    """One file of a link: its path inside the link and its fresh content keys."""

    path: str
    size: int
    mime: str
    content: ContentKeys

    @property
    def count(self) -> int:
        return chunk_count_for(self.size, self.content.chunk_size)


@dataclass(frozen=True)
class Manifest:
    """LINKS.md §3: what the page lists and decrypts."""

    type: str
    name: str
    files: tuple[ManifestFile, ...] = ()
    request_key: bytes | None = None


def _seal(key: bytes, plaintext: bytes, aad: bytes, randbytes: Callable[[int], bytes]) -> bytes:
    nonce = randbytes(NONCE_SIZE)
    return bytes([FORMAT]) + nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def _open(key: bytes, sealed: bytes, aad: bytes) -> bytes:
    if len(sealed) < 1 + NONCE_SIZE + 16 or sealed[0] != FORMAT:
        raise LinkFormatError()
    try:
        return AESGCM(key).decrypt(sealed[1 : 1 + NONCE_SIZE], sealed[1 + NONCE_SIZE :], aad)
    except InvalidTag:
        raise LinkFormatError() from None


def seal_manifest(
    keys: LinkKeys,
    link_id: str,
    manifest: Manifest,
    randbytes: Callable[[int], bytes] = secrets.token_bytes,
) -> bytes:
    body: dict[str, Any] = {
        "v": 1,
        "type": manifest.type,
        "name": manifest.name,
        "files": [
            {
                "path": f.path,
                "size": f.size,
                "mime": f.mime,
                "chunk": f.content.chunk_size,
                "count": f.count,
                "key": b64u(f.content.content_key),
                "vid": b64u(f.content.version_id),
            }
            for f in manifest.files
        ],
    }
    if manifest.request_key is not None:
        body["requestKey"] = b64u(manifest.request_key)
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return _seal(keys.manifest_key, text, _MANIFEST_AAD + link_id.encode("ascii"), randbytes)


def open_manifest(keys: LinkKeys, link_id: str, sealed: bytes) -> Manifest:
    """The manifest a browser would see (used by tests and `privshare` itself)."""
    text = _open(keys.manifest_key, sealed, _MANIFEST_AAD + link_id.encode("ascii"))
    try:
        body = json.loads(text)
        files = tuple(
            ManifestFile(
                f["path"],
                f["size"],
                f["mime"],
                ContentKeys(unb64u(f["key"], 32), unb64u(f["vid"], 16), f["chunk"]),
            )
            for f in body["files"]
        )
        request_key = unb64u(body["requestKey"]) if "requestKey" in body else None
        return Manifest(body["type"], body["name"], files, request_key)
    except (ValueError, KeyError, TypeError) as error:
        raise LinkFormatError() from error


@dataclass(frozen=True)
class OwnerNote:
    """The owner's sealed memo of a link (LINKS.md §6)."""

    path: str
    type: str
    key: bytes
    password: bool
    request_private: bytes | None = None

    def __repr__(self) -> str:
        return f"OwnerNote({self.path!r}, {self.type}, <secret>)"


def seal_note(
    note_key: bytes,
    link_id: str,
    note: OwnerNote,
    randbytes: Callable[[int], bytes] = secrets.token_bytes,
) -> bytes:
    body: dict[str, Any] = {
        "path": note.path,
        "type": note.type,
        "key": note.key,
        "password": note.password,
    }
    if note.request_private is not None:
        body["requestKey"] = note.request_private
    packed = msgpack.packb(body, use_bin_type=True)
    return _seal(note_key, packed, _NOTE_AAD + link_id.encode("ascii"), randbytes)


def open_note(note_key: bytes, link_id: str, sealed: bytes) -> OwnerNote:
    packed = _open(note_key, sealed, _NOTE_AAD + link_id.encode("ascii"))
    try:
        body = msgpack.unpackb(packed, raw=False)
        return OwnerNote(
            str(body["path"]),
            str(body["type"]),
            bytes(body["key"]),
            bool(body["password"]),
            bytes(body["requestKey"]) if "requestKey" in body else None,
        )
    except (ValueError, KeyError, TypeError, msgpack.UnpackException) as error:
        raise LinkFormatError() from error


def new_request_key() -> tuple[bytes, bytes]:
    """A fresh P-256 key pair for a file request: (private scalar 32, uncompressed point 65)."""
    private = ec.generate_private_key(ec.SECP256R1())
    public = private.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return private.private_numbers().private_value.to_bytes(32, "big"), public


@dataclass(frozen=True)
class DropHeader:
    """An opened drop header (LINKS.md §4)."""

    name: str
    size: int
    mime: str
    content: ContentKeys

    @property
    def count(self) -> int:
        return chunk_count_for(self.size, self.content.chunk_size)


def open_drop_header(private: bytes, link_id: str, header: bytes) -> DropHeader:
    """Open a dropped file's header with the request's private key."""
    if len(header) < 1 + P256_POINT_SIZE + NONCE_SIZE + 16 or header[0] != FORMAT:
        raise LinkFormatError()
    ephemeral = header[1 : 1 + P256_POINT_SIZE]
    try:
        point = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), ephemeral)
        key = ec.derive_private_key(int.from_bytes(private, "big"), ec.SECP256R1())
        shared = key.exchange(ec.ECDH(), point)
    except ValueError:
        raise LinkFormatError() from None
    info = _LABEL + b"drop" + link_id.encode("ascii")
    keys = _hkdf(shared, info, 64, salt=ephemeral)
    aad = bytes([FORMAT]) + link_id.encode("ascii") + ephemeral
    text = _open(keys[:32], bytes([FORMAT]) + header[1 + P256_POINT_SIZE :], aad)
    try:
        body = json.loads(text)
        name = check_name(str(body["name"]))
        size, chunk = int(body["size"]), int(body["chunk"])
        if body["v"] != 1 or not 1 <= chunk <= MAX_CHUNK_SIZE or size < 0:
            raise ValueError("out of range")
        if int(body["count"]) != chunk_count_for(size, chunk):
            raise ValueError("count")
        content = ContentKeys(keys[32:], unb64u(str(body["vid"]), 16), chunk)
        return DropHeader(name, size, str(body["mime"])[:255], content)
    except (ValueError, KeyError, TypeError) as error:
        raise LinkFormatError("a dropped file's header is not valid") from error
