"""Write the seed corpora of tests/fuzz/targets.py: one or a few valid inputs per target,
made with the project's own encoders (run once; the files are committed):

    .venv/bin/python tests/fuzz/make_corpus.py
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fuzz.targets import ITEM, SERVER_KEY, TICKET, _det

from app.crypto import aead, base58
from app.fs import (
    ContentEncryptor,
    ContentKeys,
    DescriptorPayload,
    FileMetadata,
    FolderListing,
    ListingEntry,
    ShareReference,
)
from app.fs import _envelope as fs_envelope
from app.pki import openpgp
from app.protocol import ClientConnection
from app.protocol._codec import pack
from app.protocol.events import EcdheHello, Request, TicketHello
from app.services.sharing.message import MessageBody
from app.vault.body import VaultBody
from app.vault.fileformat import KDF_FLOOR, PasswordSlot, VaultFile
from app.wire.messages import encode_envelope, seal, seal_body

CORPUS = Path(__file__).resolve().parent / "corpus"


def _record(kind: int, plaintext: bytes) -> bytes:
    return bytes([kind]) + len(plaintext).to_bytes(2, "big") + plaintext


def _opened(extra: bytes, key: bytes, kind: int) -> bytes:
    """The decrypted map of a sealed listing or metadata (what fs_objects re-seals)."""
    nonce = extra[2 + 33 : 2 + 33 + aead.NONCE_SIZE]
    aad = fs_envelope._aad(kind, ITEM.public_bytes, ITEM.item_id)
    return aead.decrypt(key, nonce, extra[2 + 33 + aead.NONCE_SIZE :], aad)


def seeds() -> dict[str, list[bytes]]:
    rand = _det(b"corpus")
    request = {"id": 1, "method": "whoami", "params": {"x": b"\x00" * 8}}
    response = {"id": 1, "result": {"username": "alice"}}
    ticket_body = ClientConnection(randbytes=rand).send_all(
        (TicketHello(TICKET.ticket_id, TICKET), Request(1, "ping", {}))
    )
    ecdhe_body = ClientConnection(randbytes=rand).send(EcdheHello(4))
    identity = SERVER_KEY
    keystore = openpgp.new_keystore(identity, "alice#files.example.org", created=1_700_000_000)
    keystore = openpgp.add_sink(keystore, identity, SERVER_KEY.public_key, created=1_700_000_001)
    emitted = openpgp.emit_keystore(keystore)
    body = VaultBody(bytearray(32), "", "alice#files.example.org", {"h": b"k" * 33}, {}, {"i": 3})
    vault_file = VaultFile(
        KDF_FLOOR, b"s" * 16, PasswordSlot(b"n" * 12, b"w" * 48), None, b"b" * 12, b"c" * 64
    )
    entry, _file_key = ListingEntry.create(ITEM, "sample.txt", "file", randbytes=rand)
    keys = ContentKeys.generate(chunk_size=64, randbytes=rand)
    encryptor = ContentEncryptor(keys)
    blocks = list(encryptor.blocks([b"fuzz corpus sample\n" * 4]))
    metadata = FileMetadata.for_content(
        "sample.txt",
        keys,
        encryptor.summary(),
        created=1,
        modified=2,
        mime="text/plain",
        parent_id=ITEM.item_id,
        version=2,
    )
    listing = FolderListing(ITEM.item_id, "", 5, (entry,))
    sealed_listing = listing.seal(ITEM, rand)
    sealed_metadata = metadata.seal(ITEM, rand)
    block_ids = tuple(hashlib.sha256(b).digest() for b in blocks)
    payload = DescriptorPayload(ITEM.item_id, block_ids, sealed_metadata)
    reference = ShareReference("files.example.org", ITEM.public(), "Docs", "folder")
    message = MessageBody(
        "share",
        "bob#b.example",
        "alice#a.example",
        "1Sink",
        1700000000000,
        "hi",
        reference.to_bytes(),
        (),
        "1OldItem",
    )
    sink_id = base58.address(identity.public_key.to_bytes())
    envelope = seal(
        identity, "bob#b.example", sink_id, seal_body(identity.public_key, b"x"), [], timestamp=1
    )
    config = {
        "defaultEndpoint": "https://files.example.org/privmx/api/v1",
        "ttl": 600,
        "serverKey": SERVER_KEY.public_key.to_bytes().hex(),
    }
    return {
        "frames": [ecdhe_body, ticket_body],
        "records": [
            _record(1, pack(request)),
            _record(2, b"attachment bytes") + _record(1, pack(request)),
            _record(0, pack({"type": "srp_init", "I": "alice"})),
        ],
        "rpc": [b"\x00" + pack(request), b"\x00" + pack(response)],
        "openpgp": [emitted],
        "vault": [vault_file.to_bytes()[:-32], body.pack()],
        "fs_objects": [
            _opened(sealed_listing, ITEM.listing_key, fs_envelope.KIND_FOLDER),
            _opened(sealed_metadata, ITEM.metadata_key, fs_envelope.KIND_FILE),
            payload.to_bytes(),
        ],
        "share_message": [encode_envelope(envelope), message.to_bytes(), reference.to_bytes()],
        "discovery": [json.dumps(config).encode(), json.dumps({"redirect": "x.example"}).encode()],
    }


def main() -> int:
    for target, inputs in seeds().items():
        folder = CORPUS / target
        folder.mkdir(parents=True, exist_ok=True)
        for data in inputs:
            (folder / hashlib.sha256(data).hexdigest()[:16]).write_bytes(data)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
