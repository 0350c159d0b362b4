"""Who may post to a sink: the ACL, the envelope signature and, for a sender of this
server, its binding to the current identity key in this server's PKI log."""

from __future__ import annotations

import asyncio
import hmac

from app.pki.errors import KeystoreError
from app.pki.openpgp import parse_keystore
from app.wire.messages import Envelope, EnvelopeSignatureError, verify_envelope
from server_stub.pki.service import PKIService
from server_stub.ports import KeyLog
from server_stub.sinks.errors import AccessDeniedError, BadSignatureError, SenderUnverifiedError
from server_stub.sinks.records import SinkInfo

__all__ = ["check_access", "check_sender", "check_signature"]


def check_access(sink: SinkInfo, envelope: Envelope, session_user: str | None) -> None:
    """`AccessDeniedError` unless the sink's ACL admits this sender."""
    if sink.acl == "private":
        if session_user != sink.owner:
            raise AccessDeniedError("this inbox accepts messages from its owner only")
    elif envelope.is_anonymous and sink.acl != "anonymous":
        raise AccessDeniedError("this inbox does not accept anonymous messages")


def check_signature(envelope: Envelope) -> None:
    try:
        verify_envelope(envelope)
    except EnvelopeSignatureError:
        raise BadSignatureError("the message signature does not verify") from None


async def check_sender(envelope: Envelope, pki: PKIService | None) -> bool:
    """True for a sender of this server whose key is its current identity key; False
    for foreign and anonymous senders (not checkable here); else SenderUnverifiedError."""
    if envelope.is_anonymous or pki is None or pki.host is None:
        return False
    host = envelope.sender.rsplit("#", 1)[1]
    if host != pki.host.lower():
        return False
    current = await asyncio.to_thread(_current_identity, pki.log, envelope.sender)
    if current is None or not hmac.compare_digest(current, envelope.sender_key):
        raise SenderUnverifiedError(
            f"{envelope.sender} has no current identity key matching this message's key"
        )
    return True


def _current_identity(log: KeyLog, user_id: str) -> bytes | None:
    revision = log.latest_revision(user_id)
    if revision == 0:
        return None
    found = log.lookup(user_id, since=revision, until=revision).revisions
    if not found:
        return None
    try:
        keystore = parse_keystore(found[-1].keystore)
    except KeystoreError:
        return None
    return None if keystore.is_revoked else keystore.identity_key.to_bytes()
