"""SQL of the sink tables (`sink_sinks`, `sink_messages`). Every function runs inside
the caller's transaction (or is a plain read)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from app.wire.objects import BLOCK_ID_SIZE
from server_stub.sinks.config import SinkLimits
from server_stub.sinks.errors import (
    LimitExceededError,
    MessageNotFoundError,
    QuotaExceededError,
    SinkExistsError,
    SinkExpiredError,
    SinkFullError,
    SinkNotFoundError,
)
from server_stub.sinks.records import SinkInfo, StoredMessage

__all__ = [
    "add_message",
    "check_registered_limits",
    "delete_all_messages",
    "delete_message",
    "delete_sink",
    "expired_sinks",
    "get_messages",
    "insert_sink",
    "list_sinks",
    "load_sink",
    "owned_sink",
    "owner_bytes",
    "seqs_after",
]

_SINK_COLUMNS = (
    "id, public_key, owner, acl, data, is_default, last_seq, messages, bytes, created, "
    "expires, max_bytes"
)
_MESSAGE_COLUMNS = "seq, envelope, blocks, verified, size, server_time"


def insert_sink(connection: sqlite3.Connection, limits: SinkLimits, sink: SinkInfo) -> None:
    (count,) = connection.execute(
        "SELECT COUNT(*) FROM sink_sinks WHERE owner = ?", (sink.owner,)
    ).fetchone()
    if count >= limits.max_sinks:
        raise LimitExceededError(f"at most {limits.max_sinks} inboxes per user")
    if load_sink(connection, sink.sink_id) is not None:
        raise SinkExistsError("an inbox with this id exists")
    if (
        sink.is_default
        and connection.execute(
            "SELECT 1 FROM sink_sinks WHERE owner = ? AND is_default = 1", (sink.owner,)
        ).fetchone()
    ):
        raise SinkExistsError("this user already has a default inbox")
    connection.execute(
        f"INSERT INTO sink_sinks ({_SINK_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, 0, 0, 0, ?, ?, ?)",
        (
            sink.sink_id,
            sink.public_key,
            sink.owner,
            sink.acl,
            sink.data,
            int(sink.is_default),
            sink.created,
            sink.expires,
            sink.max_bytes,
        ),
    )


def load_sink(connection: sqlite3.Connection, sink_id: str) -> SinkInfo | None:
    row = connection.execute(
        f"SELECT {_SINK_COLUMNS} FROM sink_sinks WHERE id = ?", (sink_id,)
    ).fetchone()
    return None if row is None else _sink(row)


def owned_sink(connection: sqlite3.Connection, sink_id: str, owner: str) -> SinkInfo:
    """The sink if `owner` owns it; SinkNotFoundError otherwise (no telling which)."""
    sink = load_sink(connection, sink_id)
    if sink is None or sink.owner != owner:
        raise SinkNotFoundError("no such inbox")
    return sink


def list_sinks(connection: sqlite3.Connection, owner: str) -> list[SinkInfo]:
    rows = connection.execute(
        f"SELECT {_SINK_COLUMNS} FROM sink_sinks WHERE owner = ? ORDER BY created, id", (owner,)
    ).fetchall()
    return [_sink(row) for row in rows]


def owner_bytes(connection: sqlite3.Connection, owner: str) -> int:
    (total,) = connection.execute(
        "SELECT COALESCE(SUM(bytes), 0) FROM sink_sinks WHERE owner = ?", (owner,)
    ).fetchone()
    return int(total)


def add_message(
    connection: sqlite3.Connection,
    limits: SinkLimits,
    sink_id: str,
    message: StoredMessage,
) -> int:
    """Store `message` under the sink's next seq (its `seq` field is ignored); returns it."""
    sink = load_sink(connection, sink_id)
    if sink is None:
        raise SinkNotFoundError("no such inbox")
    check_registered_limits(sink, message.size, message.server_time)
    _check_room(connection, limits, sink, message)
    seq = sink.last_seq + 1
    connection.execute(
        f"INSERT INTO sink_messages (sink_id, {_MESSAGE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            sink_id,
            seq,
            message.envelope,
            b"".join(message.block_ids),
            int(message.verified),
            message.size,
            message.server_time,
        ),
    )
    connection.execute(
        "UPDATE sink_sinks SET last_seq = ?, messages = messages + 1, bytes = bytes + ? "
        "WHERE id = ?",
        (seq, message.size, sink_id),
    )
    return seq


def check_registered_limits(sink: SinkInfo, size: int, now: float) -> None:
    """The expiry and byte limit the owner registered (SINKS.md "Drop inboxes"); the
    refusals say what the sender can do."""
    if sink.expired(now):
        raise SinkExpiredError("this drop inbox has expired: ask its owner for a new address")
    if sink.max_bytes is not None and size > sink.max_bytes:
        raise SinkFullError(
            "this delivery is larger than this drop inbox takes: send less at a time"
        )


def expired_sinks(connection: sqlite3.Connection, before: float) -> list[tuple[str, str]]:
    """(sink id, owner) of the sinks that expired before `before` and still keep messages."""
    rows = connection.execute(
        "SELECT id, owner FROM sink_sinks WHERE expires IS NOT NULL AND expires < ? "
        "AND messages > 0 ORDER BY expires LIMIT 1000",
        (before,),
    ).fetchall()
    return [(str(sink_id), str(owner)) for sink_id, owner in rows]


def _check_room(
    connection: sqlite3.Connection, limits: SinkLimits, sink: SinkInfo, message: StoredMessage
) -> None:
    """Senders the server verified and all others fill separate slices, so no amount of
    unverified posting keeps a verified sender out. The refusal names no figures: the
    sender must not learn the owner's usage or quota."""
    in_sink, by_owner = _unverified_usage(connection, sink)
    if message.verified:
        full = (
            sink.messages - in_sink >= limits.max_messages
            or owner_bytes(connection, sink.owner) - by_owner + message.size > limits.quota
        )
    else:
        full = (
            in_sink >= limits.unverified_messages
            or by_owner + message.size > limits.unverified_quota
        )
    if full:
        raise QuotaExceededError("this inbox cannot take this message now")


def _unverified_usage(connection: sqlite3.Connection, sink: SinkInfo) -> tuple[int, int]:
    """(messages from unverified senders in `sink`, their bytes over all the owner's sinks)."""
    (in_sink,) = connection.execute(
        "SELECT COUNT(*) FROM sink_messages WHERE sink_id = ? AND verified = 0",
        (sink.sink_id,),
    ).fetchone()
    (by_owner,) = connection.execute(
        "SELECT COALESCE(SUM(m.size), 0) FROM sink_messages m JOIN sink_sinks s "
        "ON m.sink_id = s.id WHERE s.owner = ? AND m.verified = 0",
        (sink.owner,),
    ).fetchone()
    return int(in_sink), int(by_owner)


def seqs_after(connection: sqlite3.Connection, sink_id: str, after: int, limit: int) -> list[int]:
    rows = connection.execute(
        "SELECT seq FROM sink_messages WHERE sink_id = ? AND seq > ? ORDER BY seq LIMIT ?",
        (sink_id, after, limit),
    ).fetchall()
    return [int(row[0]) for row in rows]


def get_messages(
    connection: sqlite3.Connection, sink_id: str, seqs: Sequence[int]
) -> list[StoredMessage | None]:
    found: list[StoredMessage | None] = []
    for seq in seqs:
        row = connection.execute(
            f"SELECT {_MESSAGE_COLUMNS} FROM sink_messages WHERE sink_id = ? AND seq = ?",
            (sink_id, seq),
        ).fetchone()
        found.append(None if row is None else _message(row))
    return found


def delete_message(connection: sqlite3.Connection, sink_id: str, seq: int) -> StoredMessage:
    row = connection.execute(
        f"DELETE FROM sink_messages WHERE sink_id = ? AND seq = ? RETURNING {_MESSAGE_COLUMNS}",
        (sink_id, seq),
    ).fetchone()
    if row is None:
        raise MessageNotFoundError("no such message in this inbox")
    message = _message(row)
    connection.execute(
        "UPDATE sink_sinks SET messages = messages - 1, bytes = bytes - ? WHERE id = ?",
        (message.size, sink_id),
    )
    return message


def delete_all_messages(connection: sqlite3.Connection, sink_id: str) -> list[StoredMessage]:
    """Remove every message of the sink (it stays); returns the messages removed."""
    rows = connection.execute(
        f"DELETE FROM sink_messages WHERE sink_id = ? RETURNING {_MESSAGE_COLUMNS}", (sink_id,)
    ).fetchall()
    connection.execute("UPDATE sink_sinks SET messages = 0, bytes = 0 WHERE id = ?", (sink_id,))
    return [_message(row) for row in rows]


def delete_sink(connection: sqlite3.Connection, sink_id: str) -> list[StoredMessage]:
    """Remove the sink and its messages; returns the messages removed."""
    messages = delete_all_messages(connection, sink_id)
    connection.execute("DELETE FROM sink_sinks WHERE id = ?", (sink_id,))
    return messages


def _sink(row: Any) -> SinkInfo:
    sink_id, key, owner, acl, data, is_default, last_seq, messages, size, created = row[:10]
    expires, max_bytes = row[10:]
    return SinkInfo(
        str(sink_id),
        bytes(key),
        str(owner),
        str(acl),
        bytes(data),
        bool(is_default),
        int(last_seq),
        int(messages),
        int(size),
        float(created),
        None if expires is None else float(expires),
        None if max_bytes is None else int(max_bytes),
    )


def _message(row: Any) -> StoredMessage:
    seq, envelope, blocks, verified, size, server_time = row
    joined = bytes(blocks)
    ids = tuple(joined[i : i + BLOCK_ID_SIZE] for i in range(0, len(joined), BLOCK_ID_SIZE))
    return StoredMessage(
        int(seq),
        bytes(envelope),
        ids,
        bool(verified),
        int(size),
        float(server_time),
    )
