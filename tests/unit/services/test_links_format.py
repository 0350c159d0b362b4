"""The link format (server_stub/LINKS.md) against independent implementations: keys and
manifests recomputed with pycryptodome, a drop header built the way the page builds it
(pyca ECDH P-256 + pycryptodome AES-GCM), a frozen v1 link that must keep opening, and
every failure one opaque LinkFormatError."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from Crypto.Cipher import AES as PYCRYPTODOME_AES
from Crypto.Hash import SHA256 as PYCRYPTODOME_SHA256
from Crypto.Protocol import KDF as PYCRYPTODOME_KDF
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from app.fs import ContentKeys
from app.services.links.format import (
    LinkFormatError,
    LinkSecret,
    Manifest,
    ManifestFile,
    OwnerNote,
    b64u,
    link_url,
    new_request_key,
    open_drop_header,
    open_manifest,
    open_note,
    parse_link_url,
    seal_manifest,
    seal_note,
    unb64u,
)

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "links" / "v1.json"
SECRET = LinkSecret("AAECAwQFBgcICQoLDA0ODw", bytes(range(32, 64)))


def _hkdf(ikm: bytes, info: bytes, length: int = 32, salt: bytes = b"") -> bytes:
    return PYCRYPTODOME_KDF.HKDF(ikm, length, salt or bytes(32), PYCRYPTODOME_SHA256, context=info)  # type: ignore[no-any-return]


def test_keys_match_an_independent_hkdf_and_pbkdf2() -> None:
    link_id = SECRET.link_id.encode()
    plain = SECRET.keys()
    assert plain.access == _hkdf(SECRET.key, b"privshare/v1/link/access" + link_id)
    salt, iterations = bytes(16), 600_000
    stretched = PYCRYPTODOME_KDF.PBKDF2(
        "pässword".encode(), salt, 32, iterations, hmac_hash_module=PYCRYPTODOME_SHA256
    )
    master = _hkdf(SECRET.key + stretched, b"privshare/v1/link/password")
    keys = SECRET.keys("pa\u0308ssword", salt, iterations)  # NFD spelling: NFC first
    assert keys.access == _hkdf(master, b"privshare/v1/link/access" + link_id)
    assert keys.manifest_key == _hkdf(master, b"privshare/v1/link/manifest" + link_id)
    assert keys.access != plain.access


def test_password_parameters_below_the_floor_are_refused() -> None:
    with pytest.raises(LinkFormatError):
        SECRET.keys("pw", bytes(16), 599_999)
    with pytest.raises(LinkFormatError):
        SECRET.keys("pw", bytes(8), 600_000)


def test_manifest_opens_with_pycryptodome_and_any_change_fails() -> None:
    keys = SECRET.keys()
    content = ContentKeys(bytes(32), bytes(16), 1 << 20)
    manifest = Manifest("file", "a.txt", (ManifestFile("a.txt", 5, "text/plain", content),))
    sealed = seal_manifest(keys, SECRET.link_id, manifest)
    cipher = PYCRYPTODOME_AES.new(keys.manifest_key, PYCRYPTODOME_AES.MODE_GCM, nonce=sealed[1:13])
    cipher.update(b"\x01privshare/v1/link/manifest" + SECRET.link_id.encode())
    body = json.loads(cipher.decrypt_and_verify(sealed[13:-16], sealed[-16:]))
    assert body["files"][0] == {
        "path": "a.txt",
        "size": 5,
        "mime": "text/plain",
        "chunk": 1 << 20,
        "count": 1,
        "key": b64u(bytes(32)),
        "vid": b64u(bytes(16)),
    }
    assert open_manifest(keys, SECRET.link_id, sealed) == manifest
    for position in (0, 5, 20, len(sealed) - 1):
        changed = bytearray(sealed)
        changed[position] ^= 1
        with pytest.raises(LinkFormatError):
            open_manifest(keys, SECRET.link_id, bytes(changed))
    with pytest.raises(LinkFormatError):
        open_manifest(keys, "B" * 22, sealed)  # moved to another link id


def test_note_round_trip_and_wrong_key() -> None:
    note = OwnerNote("/Docs", "folder", SECRET.key, True, None)
    sealed = seal_note(b"k" * 32, SECRET.link_id, note)
    assert open_note(b"k" * 32, SECRET.link_id, sealed) == note
    with pytest.raises(LinkFormatError):
        open_note(b"j" * 32, SECRET.link_id, sealed)


def _page_drop_header(public: bytes, link_id: str, body: dict[str, object]) -> tuple[bytes, bytes]:
    """What page.js does (LINKS.md §4), with other libraries: (header, content key)."""
    ephemeral = ec.generate_private_key(ec.SECP256R1())
    epub = ephemeral.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    point = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), public)
    shared = ephemeral.exchange(ec.ECDH(), point)
    keys = _hkdf(shared, b"privshare/v1/link/drop" + link_id.encode(), 64, salt=epub)
    nonce = os.urandom(12)
    cipher = PYCRYPTODOME_AES.new(keys[:32], PYCRYPTODOME_AES.MODE_GCM, nonce=nonce)
    cipher.update(b"\x01" + link_id.encode() + epub)
    sealed, tag = cipher.encrypt_and_digest(json.dumps(body).encode())
    return b"\x01" + epub + nonce + sealed + tag, keys[32:]


def test_drop_header_built_like_the_page_opens() -> None:
    private, public = new_request_key()
    body = {
        "v": 1,
        "name": "scan.pdf",
        "size": 3,
        "mime": "application/pdf",
        "chunk": 1 << 20,
        "count": 1,
        "vid": b64u(b"v" * 16),
    }
    header, content_key = _page_drop_header(public, SECRET.link_id, body)
    opened = open_drop_header(private, SECRET.link_id, header)
    assert (opened.name, opened.size, opened.mime) == ("scan.pdf", 3, "application/pdf")
    assert opened.content == ContentKeys(content_key, b"v" * 16, 1 << 20)
    other_private, _ = new_request_key()
    with pytest.raises(LinkFormatError):
        open_drop_header(other_private, SECRET.link_id, header)


@pytest.mark.parametrize(
    "change", [{"name": "../etc/passwd"}, {"name": "a/b"}, {"count": 2}, {"v": 2}, {"size": -1}]
)
def test_drop_headers_with_bad_fields_are_refused(change: dict[str, object]) -> None:
    private, public = new_request_key()
    body = {
        "v": 1,
        "name": "ok.txt",
        "size": 3,
        "mime": "text/plain",
        "chunk": 1 << 20,
        "count": 1,
        "vid": b64u(b"v" * 16),
        **change,
    }
    header, _ = _page_drop_header(public, SECRET.link_id, body)
    with pytest.raises(LinkFormatError):
        open_drop_header(private, SECRET.link_id, header)


def test_urls() -> None:
    url = link_url("https://example.org/", SECRET)
    assert url == f"https://example.org/l/{SECRET.link_id}#{b64u(SECRET.key)}"
    assert parse_link_url(url) == ("https://example.org", SECRET)
    for bad in ("https://example.org/l/short#key", url.partition("#")[0], url[:-1]):
        with pytest.raises(LinkFormatError):
            parse_link_url(bad)


def test_the_frozen_v1_link_still_opens() -> None:
    frozen = json.loads(FIXTURE.read_text())
    _base, secret = parse_link_url(frozen["url"])
    keys = secret.keys(frozen["password"], unb64u(frozen["salt"]), frozen["iterations"])
    assert b64u(keys.access_hash) == frozen["access_hash"]
    manifest = open_manifest(keys, secret.link_id, unb64u(frozen["manifest"]))
    assert manifest.name == frozen["name"] and len(manifest.files) == 1
    assert manifest.files[0].content.content_key == unb64u(frozen["content_key"])


def test_a_new_link_id_never_starts_with_a_dash() -> None:
    # 0xF8 >> 2 == 62, the base64url digit "-": such a draw is made again.
    draws = iter([b"\xf8" + bytes(15), b"\xfc" + bytes(15), bytes(range(32))])
    secret = LinkSecret.generate(lambda n: next(draws)[:n])
    assert secret.link_id == b64u(b"\xfc" + bytes(15)) and secret.link_id.startswith("_")
    assert secret.key == bytes(range(32))
