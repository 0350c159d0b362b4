"""Writes authorised by a parent item's key instead of a login (OBJECTS.md "Parent
authorisation").

A holder of a folder's private key may create descriptors and open transfers on the
folder's server without an account there: it signs `parent_signed_bytes` with that key,
the server checks the signature with the parent descriptor's stored public key and
charges the parent's owner. Transfer opens also spend a single-use nonce from
`transferChallenge`. Every authorised action is recorded per parent, and at most
`limits.parent_rate` of each kind are allowed per parent per hour: the server cannot see
listings, so a created child that no listing names (an orphan) is only bounded by this cap.
All functions run inside the caller's transaction.
"""

from __future__ import annotations

import hmac
import sqlite3
from dataclasses import dataclass

from app.wire.objects import parent_signed_bytes, parent_window
from server_stub.objects.config import ObjectLimits
from server_stub.objects.descriptors import load, verify
from server_stub.objects.errors import BadSignatureError, ChallengeUnknownError, LimitExceededError

__all__ = [
    "CHALLENGE_SIZE",
    "RATE_PERIOD",
    "SCHEMA",
    "ParentAuth",
    "authorise",
    "ensure_schema",
    "issue_challenge",
    "tie_transfer",
]

CHALLENGE_SIZE = 32
RATE_PERIOD = 3600.0
LIVE_CHALLENGES_PER_PARENT = 16

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS obj_parent_challenges (nonce BLOB PRIMARY KEY, "
    "parent_id TEXT NOT NULL, expires REAL NOT NULL) WITHOUT ROWID",
    "CREATE INDEX IF NOT EXISTS obj_parent_challenges_by_parent "
    "ON obj_parent_challenges(parent_id, expires)",
    "CREATE TABLE IF NOT EXISTS obj_parent_actions (parent_id TEXT NOT NULL, "
    "action TEXT NOT NULL, subject BLOB NOT NULL, at REAL NOT NULL)",
    "CREATE INDEX IF NOT EXISTS obj_parent_actions_by_parent "
    "ON obj_parent_actions(parent_id, action, at)",
    "CREATE TABLE IF NOT EXISTS obj_parent_transfers (transfer_id BLOB PRIMARY KEY, "
    "parent_id TEXT NOT NULL) WITHOUT ROWID",
)


@dataclass(frozen=True)
class ParentAuth:
    """An authorisation by a parent item's key, as a request carries it."""

    parent_id: str
    window: int
    signature: bytes
    nonce: bytes | None = None  # transferOpen only


def ensure_schema(connection: sqlite3.Connection) -> None:
    """Create the tables of this module if missing (idempotent; its own transaction)."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        for statement in SCHEMA:
            connection.execute(statement)
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def issue_challenge(
    connection: sqlite3.Connection, limits: ObjectLimits, parent_id: str, nonce: bytes, now: float
) -> float:
    """Store a fresh nonce for a transfer open under `parent_id`; returns its expiry.
    Only existing descriptors get one; the oldest beyond 16 live ones per parent go."""
    load(connection, parent_id)
    connection.execute("DELETE FROM obj_parent_challenges WHERE expires <= ?", (now,))
    connection.execute(
        "DELETE FROM obj_parent_challenges WHERE nonce IN (SELECT nonce FROM "
        "obj_parent_challenges WHERE parent_id = ? ORDER BY expires DESC LIMIT -1 OFFSET ?)",
        (parent_id, LIVE_CHALLENGES_PER_PARENT - 1),
    )
    expires = now + limits.challenge_ttl
    connection.execute(
        "INSERT INTO obj_parent_challenges VALUES (?, ?, ?)", (nonce, parent_id, expires)
    )
    return expires


def authorise(
    connection: sqlite3.Connection,
    limits: ObjectLimits,
    action: str,
    auth: ParentAuth,
    subject: bytes,
    now: float,
) -> str:
    """Check `auth` for `action` on `subject`; returns the parent's owner (who is charged).

    BadSignatureError (wrong key, wrong window), NotFoundError (no parent),
    ChallengeUnknownError (transferOpen: nonce unknown, used or expired),
    LimitExceededError (the parent's hourly cap)."""
    stored = load(connection, auth.parent_id)
    if abs(auth.window - parent_window(now)) > 1:
        raise BadSignatureError("the authorisation names another time window than the server's")
    message = parent_signed_bytes(action, auth.parent_id, subject, auth.window)
    verify(stored.descriptor.public_key, auth.signature, message)
    if auth.nonce is not None:
        _consume(connection, auth.parent_id, auth.nonce, now)
    _count(connection, limits, action, auth.parent_id, now)
    connection.execute(
        "INSERT INTO obj_parent_actions VALUES (?, ?, ?, ?)",
        (auth.parent_id, action, subject, now),
    )
    return stored.owner


def tie_transfer(connection: sqlite3.Connection, transfer_id: bytes, parent_id: str) -> None:
    connection.execute("INSERT INTO obj_parent_transfers VALUES (?, ?)", (transfer_id, parent_id))


def _consume(connection: sqlite3.Connection, parent_id: str, nonce: bytes, now: float) -> None:
    row = connection.execute(
        "DELETE FROM obj_parent_challenges WHERE nonce = ? AND expires > ? RETURNING parent_id",
        (nonce, now),
    ).fetchone()
    if row is None or not hmac.compare_digest(str(row[0]).encode(), parent_id.encode()):
        raise ChallengeUnknownError("unknown, used or expired challenge: ask for a new one")


def _count(
    connection: sqlite3.Connection, limits: ObjectLimits, action: str, parent_id: str, now: float
) -> None:
    connection.execute(
        "DELETE FROM obj_parent_actions WHERE parent_id = ? AND at <= ?",
        (parent_id, now - RATE_PERIOD),
    )
    (count,) = connection.execute(
        "SELECT COUNT(*) FROM obj_parent_actions WHERE parent_id = ? AND action = ?",
        (parent_id, action),
    ).fetchone()
    if count >= limits.parent_rate:
        raise LimitExceededError(
            f"at most {limits.parent_rate} {action} per folder and hour by its key"
        )
