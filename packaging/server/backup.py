"""Back up a Privshare server's data directory while the server runs (docs/deploy.md).

    python3 backup.py DATA_DIR DEST          # DEST must not exist; it becomes a data dir

1. copy `blocks/` (immutable, content-addressed files: a copy is never torn);
2. snapshot every SQLite database (`privshare.sqlite`, `pki.sqlite`) with SQLite's
   online backup API: a consistent copy even in WAL mode while the server writes, which
   copying the files (`.sqlite`, `-wal`, `-shm`) is not;
3. copy `blocks/` again, adding blocks written while the databases were snapshotted;
4. copy `server-key` (mode 0600): clients pin its public half, a new key warns them all.

A block uploaded and deleted again between steps 1 and 3 can be missing; it can only
belong to a version replaced during the backup. Stop the server (or snapshot the file
system) for an exact copy. Restoring = copying DEST to the new data directory (owned by
the server's user, mode 0700) and starting the server there.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
from pathlib import Path

DATABASES = ("privshare.sqlite", "pki.sqlite")
KEY_FILE = "server-key"
BLOCKS = "blocks"


def snapshot_database(source: Path, target: Path) -> None:
    """SQLite's online backup of `source` into a new file `target` (WAL folded in)."""
    reader = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    writer = sqlite3.connect(target)
    try:
        reader.backup(writer, pages=1024)
        writer.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    finally:
        writer.close()
        reader.close()


def _copy_blocks(data_dir: Path, dest: Path) -> int:
    source = data_dir / BLOCKS
    if not source.is_dir():
        return 0
    copied = 0
    for path in source.rglob("*"):
        if path.is_file() and not path.name.startswith(".tmp-"):
            target = dest / BLOCKS / path.relative_to(source)
            if not target.exists():
                target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
                shutil.copy2(path, target)
                copied += 1
    return copied


def backup(data_dir: Path, dest: Path) -> int:
    """Copy the data directory into the new folder `dest`; returns the blocks copied."""
    if not (data_dir / KEY_FILE).is_file():
        raise FileNotFoundError(f"{data_dir} holds no {KEY_FILE}: not a server data directory")
    dest.mkdir(mode=0o700, parents=True, exist_ok=False)
    blocks = _copy_blocks(data_dir, dest)
    for name in DATABASES:
        if (data_dir / name).is_file():
            snapshot_database(data_dir / name, dest / name)
    blocks += _copy_blocks(data_dir, dest)
    shutil.copy2(data_dir / KEY_FILE, dest / KEY_FILE)
    (dest / KEY_FILE).chmod(0o600)
    return blocks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("dest", type=Path, help="a new folder")
    args = parser.parse_args(argv)
    try:
        blocks = backup(args.data_dir, args.dest)
    except (OSError, sqlite3.Error) as error:
        print(f"backup: {error}", file=sys.stderr)
        return 1
    print(f"backed up {args.data_dir} to {args.dest} ({blocks} block files)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
