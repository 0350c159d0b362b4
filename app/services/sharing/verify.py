"""Opening one inbox message, and every check before it may be shown (SHARING.md §4).

In order: the envelope parses and names the sink it was read from; its signature
verifies with the key it names; the body decrypts with the sink's private key; the
plaintext is well formed and repeats the envelope's sender, this account's address and
the sink id; the sender's current keystore, proven by its server's PKI log (`whois`),
has exactly the envelope's key as identity key; a share reference decodes (its item id
is the address of its key). A message that fails any check is never shown: it becomes a
`Rejected` with the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.crypto.ecc import PrivateKey
from app.crypto.errors import DecryptionError
from app.fs import FsError, ShareReference
from app.fs.metadata import check_name
from app.services.errors import ServiceError
from app.services.pki import VerifiedIdentity
from app.services.sharing.message import MessageBody, MessageFormatError
from app.wire.messages import EnvelopeError, decode_envelope, open_body, verify_envelope

__all__ = ["Opened", "Rejected", "open_message"]

Whois = Callable[[str], VerifiedIdentity]


@dataclass(frozen=True)
class Opened:
    """A message that passed every check."""

    message_id: str
    sink_id: str
    seq: int
    body: MessageBody
    sender: VerifiedIdentity
    received: float  # the server's time, seconds
    block_ids: tuple[bytes, ...]

    @property
    def reference(self) -> ShareReference | None:
        return self.body.reference if self.body.kind == "share" else None

    @property
    def name(self) -> str:
        if self.body.kind == "share":
            return self.body.reference.name
        return ", ".join(a.name for a in self.body.files)

    @property
    def type(self) -> str:
        return self.body.reference.type if self.body.kind == "share" else "files"

    @property
    def access(self) -> str:
        if self.body.kind != "share":
            return "copy"
        return "write" if self.body.reference.grants_write else "read"


@dataclass(frozen=True)
class Rejected:
    """A message that failed a check, with the reason; never shown as a share."""

    message_id: str
    claimed_sender: str
    reason: str
    received: float
    sink_id: str = ""  # the inbox it was read from (set by the inbox service)


def open_message(
    message_id: str,
    sink_id: str,
    seq: int,
    envelope_bytes: bytes,
    received: float,
    *,
    sink_key: PrivateKey,
    own_address: str,
    whois: Whois,
) -> Opened | Rejected:
    """Check one stored message; see the module docstring for the order."""
    try:
        envelope = decode_envelope(envelope_bytes)
    except EnvelopeError as error:
        return Rejected(message_id, "?", f"malformed envelope: {error}", received)

    def rejected(reason: str) -> Rejected:
        return Rejected(message_id, envelope.sender, reason, received)

    if envelope.sink_id != sink_id:
        return rejected("the message was made for another inbox")
    try:
        verify_envelope(envelope)
    except EnvelopeError:
        return rejected("bad signature: the message is not signed by the key it names")
    if envelope.is_anonymous:
        return rejected("anonymous sender: this inbox takes messages from verified senders only")
    try:
        body = MessageBody.from_bytes(open_body(sink_key, envelope.body))
    except DecryptionError:
        return rejected("the message does not decrypt with this inbox's key")
    except MessageFormatError as error:
        return rejected(f"malformed message body: {error}")
    if (body.sender, body.recipient, body.sink_id) != (envelope.sender, own_address, sink_id):
        return rejected("the message's inner sender, recipient or inbox differs from its envelope")
    problem = _content_problem(body)
    if problem:
        return rejected(problem)
    try:
        identity = whois(envelope.sender)
    except ServiceError as error:
        return rejected(f"the sender could not be verified through the PKI: {error}")
    if identity.identity_key.to_bytes() != envelope.sender_key:
        return rejected(
            "forged sender: the signing key is not the sender's identity key in their "
            "server's key log"
        )
    return Opened(message_id, sink_id, seq, body, identity, received, envelope.block_ids)


def _content_problem(body: MessageBody) -> str:
    try:
        if body.kind == "share":
            body.reference  # noqa: B018 - decoding checks id == address(key)
        for attachment in body.files:
            check_name(attachment.name)
    except (FsError, MessageFormatError) as error:
        return f"malformed share or attachment: {error}"
    return ""
