"""The rendezvous mailboxes (server_stub/rendezvous.py): one try per code, expiry, tokens,
rate limits; the clock and randomness are passed in."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from server_stub.database import Database
from server_stub.rendezvous import (
    MAX_CLAIMS_PER_PEER,
    MAX_OPENS_PER_PEER,
    Mailboxes,
    RendezvousLimitError,
    SpentError,
    UnknownMailboxError,
)

PEER = "127.0.0.1"


class Blocking:
    """The mailboxes' coroutines run to their end, one call at a time."""

    def __init__(self, boxes: Mailboxes) -> None:
        self._boxes = boxes

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._boxes, name)
        return lambda *args, **named: asyncio.run(method(*args, **named))


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    opened = Database(tmp_path / "db.sqlite")
    yield opened
    opened.close()


def boxes(database: Database, ttl: float = 600.0) -> Blocking:
    counter = itertools.count(1)
    made = Mailboxes(database, ttl=ttl, randbelow=lambda n: next(counter) % n, token_bytes=bytes)
    return Blocking(made)


def test_messages_go_through_once_per_side_and_phase(database: Database) -> None:
    store = boxes(database)
    number, token, expires = store.open(PEER, now=100.0)
    assert expires == 700.0 and len(token) == 16
    store.post(number, "A", "pake", b"a", token, PEER, 101.0)
    assert store.get(number, "A", "pake", 101.0) == b"a"
    assert store.get(number, "B", "pake", 101.0) is None
    store.post(number, "B", "pake", b"b", None, "10.0.0.2", 102.0)
    with pytest.raises(SpentError, match="already used"):
        store.post(number, "B", "pake", b"guess", None, "10.0.0.3", 103.0)
    assert store.get(number, "B", "pake", 104.0) == b"b"


def test_side_a_needs_the_owner_token(database: Database) -> None:
    store = boxes(database)
    number, token, _ = store.open(PEER, now=0.0)
    with pytest.raises(UnknownMailboxError):
        store.post(number, "A", "pake", b"x", b"\x01" * 16, PEER, 1.0)
    with pytest.raises(UnknownMailboxError):
        store.close(number, b"\x01" * 16, 1.0)
    store.close(number, token, 1.0)
    with pytest.raises(UnknownMailboxError, match="no such code"):
        store.get(number, "A", "pake", 2.0)


def test_a_mailbox_expires(database: Database) -> None:
    store = boxes(database, ttl=10.0)
    number, token, _ = store.open(PEER, now=0.0)
    store.post(number, "A", "pake", b"a", token, PEER, 9.9)
    with pytest.raises(UnknownMailboxError, match="expired"):
        store.get(number, "A", "pake", 10.0)


def test_numbers_in_use_are_not_given_twice(database: Database) -> None:
    picks = iter([0, 0, 0, 1])
    store = Blocking(Mailboxes(database, randbelow=lambda n: next(picks), token_bytes=bytes))
    assert store.open(PEER, 0.0)[0] == 1
    assert store.open(PEER, 0.0)[0] == 2  # 1 is in use: drawn again


def test_opens_and_tries_are_rate_limited_per_address(database: Database) -> None:
    store = boxes(database)
    for _ in range(MAX_OPENS_PER_PEER):
        store.open(PEER, 0.0)
    with pytest.raises(RendezvousLimitError):
        store.open(PEER, 1.0)
    store.open("10.0.0.9", 1.0)  # another address is not held back
    assert store.open(PEER, 601.0)  # the window slides
    numbers = [store.open(f"opener-{i}", 602.0)[0] for i in range(MAX_CLAIMS_PER_PEER + 1)]
    for number in numbers[:MAX_CLAIMS_PER_PEER]:
        store.post(number, "B", "pake", b"guess", None, "guesser", 603.0)
    with pytest.raises(RendezvousLimitError, match="too many tries"):
        store.post(numbers[-1], "B", "pake", b"guess", None, "guesser", 603.0)
