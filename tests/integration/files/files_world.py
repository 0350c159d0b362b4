"""Helpers of the file integration tests (a plain module: test files import it by name)."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from world import Account, Rewriter

from app.services.events import TransferEvent
from app.services.files.service import FileService


@dataclass
class Device(Account):
    """One device of an account, its services over a `Rewriter` (the malicious server)."""

    caller: Rewriter = field(init=False)
    files: FileService = field(init=False)
    events: list[TransferEvent] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.caller = Rewriter(self.session.channel)
        self.files = self.service()

    def service(self, **options: Any) -> FileService:
        """Another FileService over the same (rewritable) caller and vault; its events go
        to `events` unless `progress` says otherwise."""
        options.setdefault("progress", self.events.append)
        return FileService(self.caller, self.session.vault, **options)


def write_random(path: Path, size: int, marker: bytes = b"") -> bytes:
    data = (marker + os.urandom(size))[:size] if marker else os.urandom(size)
    path.write_bytes(data)
    return data


class ServerRows:
    """Direct access to the server's SQLite file: how a malicious operator edits it."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / "privshare.sqlite"

    @contextlib.contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=10)
        try:
            with db:
                yield db
        finally:
            db.close()

    def current(self, descriptor_id: str) -> dict[str, Any]:
        with self.connect() as db:
            row = db.execute(
                "SELECT v.seq, v.blocks, v.extra, v.signature FROM obj_versions v JOIN "
                "obj_descriptors d ON d.id = v.descriptor_id AND d.seq = v.seq WHERE d.id = ?",
                (descriptor_id,),
            ).fetchone()
        assert row is not None, f"no descriptor {descriptor_id}"
        return {"seq": row[0], "blocks": row[1], "extra": row[2], "signature": row[3]}

    def set_current(self, descriptor_id: str, **values: Any) -> None:
        seq = self.current(descriptor_id)["seq"]
        assignments = ", ".join(f"{name} = ?" for name in values)
        with self.connect() as db:
            db.execute(
                f"UPDATE obj_versions SET {assignments} WHERE descriptor_id = ? AND seq = ?",
                (*values.values(), descriptor_id, seq),
            )

    def set_public_key(self, descriptor_id: str, public_key: bytes) -> None:
        with self.connect() as db:
            sql = "UPDATE obj_descriptors SET public_key = ? WHERE id = ?"
            db.execute(sql, (public_key, descriptor_id))

    def drop(self, descriptor_id: str) -> None:
        with self.connect() as db:
            db.execute("DELETE FROM obj_descriptors WHERE id = ?", (descriptor_id,))
            db.execute("DELETE FROM obj_versions WHERE descriptor_id = ?", (descriptor_id,))


@dataclass
class CliResult:
    code: int
    out: str
    err: str


def leftovers(folder: Path) -> list[str]:
    """Names in `folder` that a failed download must not leave behind."""
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []
