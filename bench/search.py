"""Search benchmark: `find` over a 100,000-entry index (issue 16: results in under
200 ms). Run: `.venv/bin/python bench/search.py [entries]`.

A synthetic own tree (folders 3 deep, names with the usual extensions, a year of
modification times) goes through the real `SearchIndex` and `IndexStore` (AES-256-GCM
file in a temporary folder). Timed, best of 5: opening the index (read, decrypt,
decompress, parse), each query on the opened index, and a whole `find` (open + query,
what `privshare find` does once its vault is open). Peer: the same rows in an in-memory
SQLite table, `LIKE '%pattern%'` on a lower-cased name column (no index can serve it).
"""

from __future__ import annotations

import random
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from app.services.files.service import EntryInfo
from app.services.search.index import Query, SearchIndex
from app.services.search.store import IndexStore

WORDS = "report invoice photo holiday notes plan budget draft scan letter contract beach".split()
EXTENSIONS = "pdf jpg png txt md docx xlsx mp3 mp4 zip py csv".split()
NOW_MS = 1_800_000_000_000
YEAR_MS = 365 * 86_400_000


def synthetic_tree(count: int, seed: int = 16) -> list[EntryInfo]:
    rng = random.Random(seed)
    entries: list[EntryInfo] = []
    folders = ["/"]
    while len(entries) < count:
        if rng.random() < 0.05 or len(folders) < 20:
            parent = rng.choice(folders[-200:])
            name = f"{rng.choice(WORDS).title()} {len(entries)}"
            path = f"{parent.rstrip('/')}/{name}"
            folders.append(path)
            entries.append(EntryInfo(name, path, "folder"))
            continue
        parent = rng.choice(folders)
        name = f"{rng.choice(WORDS)}-{len(entries)}.{rng.choice(EXTENSIONS)}"
        modified = NOW_MS - rng.randrange(YEAR_MS)
        size = rng.randrange(1, 50_000_000)
        entries.append(EntryInfo(name, f"{parent.rstrip('/')}/{name}", "file", size, modified))
    return entries


def best_ms(action: Callable[[], object], rounds: int = 5) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return min(times)


QUERIES = {
    "substring 'invoice'": Query("invoice"),
    "glob '*.pdf'": Query("*.pdf"),
    "image since 30 days": Query("", frozenset({"image"}), NOW_MS - 30 * 86_400_000),
    "no match 'zzz'": Query("zzz"),
}


def main(count: int) -> None:
    entries = synthetic_tree(count)
    index = SearchIndex.from_entries(entries)
    with tempfile.TemporaryDirectory() as folder:
        store = IndexStore(Path(folder) / "search-index.bin", bytes(range(32)))
        store.save(index)
        size = store.path.stat().st_size
        opened = store.load()
        assert opened is not None and len(opened) == len(index)
        open_ms = best_ms(store.load)
        print(f"search n={len(index)}: index file {size:,} B, open {open_ms:.1f} ms")
        for label, query in QUERIES.items():
            hits = len(opened.find(query))
            query_ms = best_ms(lambda q=query: opened.find(q))  # type: ignore[misc]
            whole_ms = best_ms(lambda q=query: store.load().find(q))  # type: ignore[union-attr, misc]
            print(
                f"search n={len(index)} {label}: {hits} hits, query {query_ms:.1f} ms, "
                f"open+query {whole_ms:.1f} ms"
            )
    peer = sqlite3.connect(":memory:")
    peer.execute("CREATE TABLE items (path TEXT, name TEXT, type TEXT, size INT, modified INT)")
    peer.executemany(
        "INSERT INTO items VALUES (?, ?, ?, ?, ?)",
        [(e.path, e.name.lower(), e.type, e.size, e.modified) for e in entries],
    )
    sql = "SELECT path FROM items WHERE name LIKE ? ORDER BY path"
    peer_ms = best_ms(lambda: peer.execute(sql, ("%invoice%",)).fetchall())
    print(f"search n={len(index)} peer sqlite LIKE 'invoice': query {peer_ms:.1f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
