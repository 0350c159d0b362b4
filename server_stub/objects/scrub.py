"""Scrub: check that every block the database knows is stored and hashes to its id.

Reads do not re-hash blocks (blockfiles.py); this walk does, on demand (`privshare server
scrub`). A block whose file is corrupt is moved into DATA_DIR/quarantine/ so it is never
served again; it reads as unavailable until a client sends it again. A missing file is
reported. A packed block (a database row, packed.py) is checked the same way; a corrupt
one is written into the quarantine folder and its row deleted. Safe while the server
runs: the walk only reads, and a quarantine is a rename (or a row's delete).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from server_stub.database import Database
from server_stub.objects import packed
from server_stub.objects.blockfiles import BlockFiles

__all__ = ["QUARANTINE_DIR", "ScrubReport", "scrub"]

QUARANTINE_DIR = "quarantine"


@dataclass
class ScrubReport:
    """What one scrub found: counts and the ids (hex) of the bad blocks."""

    checked: int = 0
    corrupt: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.corrupt and not self.missing


def scrub(
    database: Database,
    files: BlockFiles,
    quarantine: Path,
    *,
    progress: Callable[[str], None] = lambda line: None,
) -> ScrubReport:
    """Check every known block's file; quarantine corrupt ones; `progress` gets one line
    per bad block."""
    report = ScrubReport()
    for block_id in database.call(_known_blocks):
        report.checked += 1
        if database.call(packed.is_packed, block_id):
            moved_row = database.call(packed.quarantine, block_id, quarantine)
            if moved_row is not None:
                report.corrupt.append(block_id.hex())
                progress(f"corrupt: block {block_id.hex()} (moved to {moved_row})")
        elif not files.exists(block_id):
            report.missing.append(block_id.hex())
            progress(f"missing: block {block_id.hex()}")
        elif not files.matches(block_id):
            moved = files.quarantine(block_id, quarantine)
            report.corrupt.append(block_id.hex())
            progress(f"corrupt: block {block_id.hex()} (moved to {moved})")
    return report


def _known_blocks(connection: sqlite3.Connection) -> list[bytes]:
    return [row[0] for row in connection.execute("SELECT id FROM obj_blocks ORDER BY id")]
