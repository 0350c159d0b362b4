"""Fuzz targets: each takes bytes and must either succeed or raise its parser's own
documented error; anything else (IndexError, KeyError, RecursionError, a hang...) is a
finding. Each reaches past the format's own integrity check, so mutated inputs get to
the parser instead of dying at the first check:

- `frames`: raw request bytes into the server's sans-IO connection (no keys yet);
- `records`: a ticket exchange with a known ticket, the input cut into records that the
  harness seals with the client's keys, so the server decrypts them and reaches the
  handshake, attachment and RPC decoders;
- `rpc`: the RPC request and response decoders on a plaintext, with attachments;
- `openpgp`: keystore packets (and the ASCII armor with a recomputed CRC-24);
- `vault`: the vault file with a recomputed trailing SHA-256, and the decrypted body;
- `fs_objects`: listing and file metadata, encrypted by the harness under a known item
  key (the decrypted map reaches the decoders), and descriptor payloads;
- `share_message`: the inbox envelope, the decrypted message body and share reference;
- `discovery`: a configuration document answered by a fake transport.

`tests/fuzz/run.py` drives them with atheris; `test_fuzz_corpus.py` replays the seed
corpora in `tests/fuzz/corpus/<target>/` inside `make test`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from app.client.discovery import discover
from app.client.errors import ClientError
from app.crypto import aead
from app.crypto.bip32 import ExtendedKey
from app.crypto.ecc import PrivateKey
from app.fs import DescriptorPayload, FileMetadata, FolderListing, ItemKey, ShareReference
from app.fs import _envelope as fs_envelope
from app.fs.errors import FsError
from app.pki import armor
from app.pki._keystore import parse_keystore
from app.pki.errors import PKIError
from app.protocol import ClientConnection, ServerConnection
from app.protocol._frames import ContentType
from app.protocol._messages import decode_request, decode_response
from app.protocol.errors import ProtocolError
from app.protocol.events import EndOfExchange, Ticket, TicketHello
from app.services.sharing.message import MessageBody, MessageFormatError
from app.vault.body import VaultBody
from app.vault.errors import VaultError
from app.vault.fileformat import VaultFile
from app.wire.messages import decode_envelope

__all__ = ["TARGETS"]

SERVER_KEY = PrivateKey.from_bytes(hashlib.sha256(b"fuzz server").digest())
TICKET = Ticket(hashlib.sha256(b"fuzz ticket id").digest(), hashlib.sha256(b"family").digest())
ITEM = ItemKey(ExtendedKey.from_seed(hashlib.sha256(b"fuzz item").digest()).derive("m/0'"))
MAX_FRAME = 1 << 20
FS_KINDS = ((fs_envelope.KIND_FOLDER, ITEM.listing_key), (fs_envelope.KIND_FILE, ITEM.metadata_key))


def _det(seed: bytes) -> Callable[[int], bytes]:
    state = {"n": 0}

    def randbytes(size: int) -> bytes:
        out = b""
        while len(out) < size:
            state["n"] += 1
            out += hashlib.sha256(seed + state["n"].to_bytes(8, "big")).digest()
        return out[:size]

    return randbytes


def _drain(server: ServerConnection, data: bytes) -> None:
    server.receive_data(data)
    server.receive_data(b"")
    for _ in range(1000):
        if server.next_event() is EndOfExchange:
            return


def frames(data: bytes) -> None:
    try:
        _drain(ServerConnection(SERVER_KEY, max_frame_size=MAX_FRAME), data)
    except ProtocolError:
        pass


def records(data: bytes) -> None:
    """Input: [u8 content type selector][u16 length][plaintext]... sealed in order."""
    client = ClientConnection(server_key=SERVER_KEY.public_key.to_bytes(), randbytes=_det(data))
    opening = client.send(TicketHello(TICKET.ticket_id, TICKET))
    sealed: list[bytes] = []
    kinds = (ContentType.HANDSHAKE, ContentType.APPLICATION_DATA, ContentType.ATTACHMENT)
    position = 0
    while position + 3 <= len(data):
        kind = kinds[data[position] % len(kinds)]
        size = int.from_bytes(data[position + 1 : position + 3], "big")
        plaintext = data[position + 3 : position + 3 + size]
        position += 3 + size
        sealed.append(client._write.seal(kind, plaintext))  # the client's own record keys
    server = ServerConnection(SERVER_KEY, max_frame_size=MAX_FRAME)
    try:
        server.receive_data(opening)
        hello = server.next_event()
        assert isinstance(hello, TicketHello)
        server.resume(TICKET.secret)
        _drain(server, b"".join(sealed))
    except ProtocolError:
        pass


def rpc(data: bytes) -> None:
    count = data[0] % 4 if data else 0
    attachments = [data[i : i + 7] for i in range(1, 1 + 7 * count, 7)]
    payload = data[1 + 7 * count :]
    for decoder in (decode_request, decode_response):
        try:
            decoder(payload, MAX_FRAME, attachments)
        except ProtocolError:
            pass


def openpgp(data: bytes) -> None:
    try:
        parse_keystore(data)
    except PKIError:
        pass
    text = armor.armor(data)  # a valid CRC-24 over the input, then the text mutated
    mutated = text[: len(text) // 2] + data[:8].decode("latin-1") + text[len(text) // 2 :]
    for candidate in (text, mutated):
        try:
            armor.dearmor(candidate)
        except PKIError:
            pass


def vault(data: bytes) -> None:
    try:
        VaultFile.parse(data + hashlib.sha256(data).digest())
    except VaultError:
        pass
    try:
        VaultBody.unpack(data)
    except VaultError:
        pass


def fs_objects(data: bytes) -> None:
    for kind, key in FS_KINDS:
        head = bytes([1, kind]) + ITEM.public_bytes
        nonce = bytes(aead.NONCE_SIZE)
        aad = fs_envelope._aad(kind, ITEM.public_bytes, ITEM.item_id)
        extra = head + nonce + aead.encrypt(key, nonce, data, aad)
        opener = FolderListing.open if kind == fs_envelope.KIND_FOLDER else FileMetadata.open
        try:
            opener(extra, ITEM, parent_id=None)
        except FsError:
            pass
    try:
        DescriptorPayload.from_bytes(data)
    except FsError:
        pass


def share_message(data: bytes) -> None:
    try:
        decode_envelope(data)
    except ProtocolError:
        pass
    try:
        body = MessageBody.from_bytes(data)
        if body.share is not None:
            ShareReference.from_bytes(body.share)
    except (MessageFormatError, FsError):
        pass
    try:
        ShareReference.from_bytes(data)
    except FsError:
        pass


class _Answers:
    """A transport that answers every GET with the fuzz input as JSON."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    def post(self, url: str, body: bytes) -> bytes:
        raise AssertionError("discovery does not post")

    def get_json(self, url: str) -> dict[str, Any]:
        try:
            document = json.loads(self._data)
        except (ValueError, RecursionError):
            document = None
        if not isinstance(document, dict):
            raise _NotJsonError(url)
        return document


class _NotJsonError(ClientError):
    pass


def discovery(data: bytes) -> None:
    try:
        discover("files.example.org", _Answers(data), now=0.0)
    except ClientError:
        pass


TARGETS: dict[str, Callable[[bytes], None]] = {
    "frames": frames,
    "records": records,
    "rpc": rpc,
    "openpgp": openpgp,
    "vault": vault,
    "fs_objects": fs_objects,
    "share_message": share_message,
    "discovery": discovery,
}
