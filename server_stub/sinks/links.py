"""A message's attachment blocks in the object store: block rows, reference counts and
files (server_stub/objects), so `messageBlockGet` and the object store's garbage
collection see them. A kept message holds the link `msg:<sink id>:<seq>` (never a valid
descriptor id); its blocks are charged to the pseudo-owner `sinks:<username>`."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping

from server_stub.objects import transfers
from server_stub.objects.refs import (
    add_version_refs,
    collect_garbage,
    ensure_owner,
    remove_version_refs,
)
from server_stub.sinks.errors import BlockMissingError

__all__ = [
    "block_sizes",
    "link_blocks",
    "link_id",
    "links",
    "unknown_blocks",
    "unlink_blocks",
    "usage_owner",
]


def link_id(sink_id: str, seq: int) -> str:
    return f"msg:{sink_id}:{seq}"


def usage_owner(owner: str) -> str:
    return f"sinks:{owner}"


def block_sizes(
    connection: sqlite3.Connection,
    block_ids: Iterable[bytes],
    inline: Mapping[bytes, bytes],
    transfer: tuple[str, bytes] | None,
    now: float,
) -> dict[bytes, int]:
    """The size of each distinct listed block: inline, or in the transfer (user, id);
    BlockMissingError names the first that is neither."""
    if transfer is not None:
        transfers.require_live(connection, transfer[0], transfer[1], now)
    sizes: dict[bytes, int] = {}
    for block_id in block_ids:
        if block_id in sizes:
            continue
        if block_id in inline:
            sizes[block_id] = len(inline[block_id])
            continue
        row = None
        if transfer is not None:
            row = connection.execute(
                "SELECT b.size FROM obj_transfer_blocks t JOIN obj_blocks b ON b.id = t.block_id"
                " WHERE t.transfer_id = ? AND t.block_id = ?",
                (transfer[1], block_id),
            ).fetchone()
        if row is None:
            raise BlockMissingError(f"block {block_id.hex()} was not sent")
        sizes[block_id] = int(row[0])
    return sizes


def link_blocks(
    connection: sqlite3.Connection,
    link: str,
    owner: str,
    sizes: Mapping[bytes, int],
    transfer_id: bytes | None,
    now: float,
) -> None:
    """Count the message `link` as a holder of each block (rows for inline blocks are
    created here; transfer blocks stop counting as pending in their transfer)."""
    for block_id, size in sizes.items():
        connection.execute(
            "INSERT INTO obj_blocks VALUES (?, ?, 0, ?) ON CONFLICT DO NOTHING",
            (block_id, size, now),
        )
        if transfer_id is not None:
            transfers.mark_used(connection, transfer_id, block_id)
    ensure_owner(connection, usage_owner(owner))
    add_version_refs(connection, link, usage_owner(owner), sizes)


def unlink_blocks(
    connection: sqlite3.Connection, link: str, owner: str, block_ids: Iterable[bytes]
) -> list[bytes]:
    """Undo `link_blocks`; returns the blocks whose files must now be removed."""
    unreferenced = remove_version_refs(connection, link, usage_owner(owner), block_ids)
    return collect_garbage(connection, unreferenced)


def links(connection: sqlite3.Connection, link: str, block_id: bytes) -> bool:
    row = connection.execute(
        "SELECT 1 FROM obj_links WHERE descriptor_id = ? AND block_id = ?", (link, block_id)
    ).fetchone()
    return row is not None


def unknown_blocks(connection: sqlite3.Connection, block_ids: Iterable[bytes]) -> list[bytes]:
    """The ids of `block_ids` no block row knows (their files are leftovers)."""
    return [
        block_id
        for block_id in set(block_ids)
        if connection.execute("SELECT 1 FROM obj_blocks WHERE id = ?", (block_id,)).fetchone()
        is None
    ]
