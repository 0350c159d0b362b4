"""The chunk size a large upload picks, and how its blocks are grouped into requests
(app/services/files/upload.py): bytes per request and in flight stay flat whatever the
chunk size."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence

import pytest

from app.fs.chunks import BLOCK_OVERHEAD
from app.services.files.upload import (
    LARGE_CHUNK,
    _Sender,
    chunk_size_for,
)

MiB = 1 << 20


@pytest.mark.parametrize(
    ("max_block", "chunk"),
    [
        (16 * MiB + 4096, LARGE_CHUNK),
        (4 * MiB + 4096, 4 * MiB),
        (4 * MiB + BLOCK_OVERHEAD, 4 * MiB),
        (4 * MiB + BLOCK_OVERHEAD - 1, 2 * MiB),
        (1_052_672, MiB),  # the old default: 1 MiB + 4 KiB
        (2 * MiB + BLOCK_OVERHEAD, 2 * MiB),
        (MiB + BLOCK_OVERHEAD - 1, MiB),  # never below 1 MiB: the server refuses instead
        (1, MiB),
    ],
)
def test_the_largest_power_of_two_from_1_to_4_mib_that_fits(max_block: int, chunk: int) -> None:
    assert chunk_size_for(max_block) == chunk


class _Recording:
    """Stands in for ObjectsApi.block_put_many: records each request and the most bytes
    of requests running at once (each takes a while, as a server's answer does)."""

    def __init__(self) -> None:
        self.requests: list[int] = []
        self.most_at_once = 0
        self._now = 0
        self._lock = threading.Lock()

    def block_put_many(
        self, transfer: bytes, blocks: Sequence[tuple[bytes, bytes]], block_hash: str = "sha256"
    ) -> None:
        size = sum(len(block) for _, block in blocks)
        with self._lock:
            self.requests.append(len(blocks))
            self._now += size
            self.most_at_once = max(self.most_at_once, self._now)
        time.sleep(0.02)  # long enough for the requests the sender allows to overlap
        with self._lock:
            self._now -= size


@pytest.mark.parametrize(
    ("chunk", "in_flight", "per_request"),
    [
        (MiB, 16, 8),  # as before: 8 blocks of 1 MiB, 2 requests
        (4 * MiB, 16, 2),
        (8 * MiB, 16, 1),
        (16 * MiB, 16, 1),
        (4096, 1, 1),  # one block at a time when asked
        (4096, 16, 8),
    ],
)
def test_requests_hold_at_most_8_mib_and_16_mib_are_in_flight(
    chunk: int, in_flight: int, per_request: int
) -> None:
    api = _Recording()
    events: list[object] = []
    sender = _Sender(api, b"t" * 16, chunk, in_flight, ("/f", 0, events.append))  # type: ignore[arg-type]
    block = bytes(chunk + BLOCK_OVERHEAD)
    try:
        for index in range(20):
            sender.send(block, index.to_bytes(32, "big"), skip=False)
        sender.wait_all()
    finally:
        sender.close()
    assert sum(api.requests) == 20 and len(events) == 20
    assert max(api.requests) == per_request
    assert per_request * chunk <= max(8 * MiB, chunk)
    overhead = 16 * BLOCK_OVERHEAD
    assert api.most_at_once <= max(16 * MiB, chunk) + overhead
