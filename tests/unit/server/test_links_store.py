"""The link store (server_stub/links/store.py) on a real SQLite database: states, limits,
grants, download counts, the wrong-access throttle per link and per address, drops."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Awaitable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest

from server_stub.database import Database
from server_stub.links.blobs import LinkFiles
from server_stub.links.errors import (
    LinkExistsError,
    LinkGoneError,
    LinkLimitError,
    LinkNotFoundError,
    LinkStateError,
    ThrottledError,
    WrongAccessError,
)
from server_stub.links.store import LinkLimits, LinkStore, NewLink

T = TypeVar("T")
NOW = 1_800_000_000.0
ACCESS = b"\x11" * 32
BLOCK = b"\x01" + b"\x00" * 8 + b"\x01" + b"c" * 30


def run(awaitable: Awaitable[T]) -> T:
    async def wrapped() -> T:
        return await awaitable

    return asyncio.run(wrapped())


@pytest.fixture
def store(tmp_path: Path) -> Iterator[LinkStore]:
    database = Database(tmp_path / "db.sqlite")
    yield LinkStore(database, LinkFiles(tmp_path / "links"), LinkLimits(max_drops=2, max_links=3))
    database.close()


def _link(link_id: str = "A" * 22, mode: str = "download", **extra: object) -> NewLink:
    return NewLink(
        link_id,
        "alice",
        mode,
        hashlib.sha256(ACCESS).digest(),
        b"n" * 40,
        **extra,  # type: ignore[arg-type]
    )


def _live(store: LinkStore, link: NewLink, blocks: int = 1) -> None:
    run(store.create(link, NOW))
    for index in range(blocks):
        run(store.put_block("alice", link.link_id, 0, index, BLOCK))
    run(store.publish("alice", link.link_id, b"m" * 40, [blocks] if blocks else []))


def test_publish_needs_every_block_and_then_refuses_more(store: LinkStore) -> None:
    link = _link()
    run(store.create(link, NOW))
    run(store.put_block("alice", link.link_id, 0, 0, BLOCK))
    with pytest.raises(LinkStateError):
        run(store.publish("alice", link.link_id, b"m" * 40, [2]))
    run(store.put_block("alice", link.link_id, 0, 1, BLOCK))
    run(store.publish("alice", link.link_id, b"m" * 40, [2]))
    with pytest.raises(LinkStateError):
        run(store.put_block("alice", link.link_id, 0, 2, BLOCK))
    with pytest.raises(LinkExistsError):
        run(store.create(link, NOW))


def test_a_pending_link_is_not_found_and_others_cannot_touch_it(store: LinkStore) -> None:
    link = _link()
    run(store.create(link, NOW))
    with pytest.raises(LinkNotFoundError):
        run(store.open(link.link_id, ACCESS, "192.0.2.1", NOW))
    with pytest.raises(LinkNotFoundError):
        run(store.revoke("mallory", link.link_id))
    with pytest.raises(LinkNotFoundError):
        run(store.put_block("mallory", link.link_id, 0, 0, BLOCK))


def test_links_per_owner_are_limited(store: LinkStore) -> None:
    for number in range(3):
        run(store.create(_link(f"{number}" * 22), NOW))
    with pytest.raises(LinkLimitError):
        run(store.create(_link("9" * 22), NOW))


def test_open_counts_downloads_and_grants_expire(store: LinkStore) -> None:
    link = _link(max_downloads=1)
    _live(store, link)
    opened = run(store.open(link.link_id, ACCESS, "192.0.2.1", NOW))
    assert run(store.block(link.link_id, opened.grant, 0, 0, NOW + 10)) == BLOCK
    with pytest.raises(LinkGoneError) as gone:
        run(store.open(link.link_id, ACCESS, "192.0.2.1", NOW + 1))
    assert gone.value.reason == "used-up"
    with pytest.raises(WrongAccessError):
        run(store.block(link.link_id, opened.grant, 0, 0, NOW + 3601))
    with pytest.raises(LinkNotFoundError):
        run(store.block(link.link_id, opened.grant, 0, 1, NOW + 10))  # beyond the count


def test_expiry_is_enforced(store: LinkStore) -> None:
    link = _link(expires=int(NOW) + 60)
    _live(store, link)
    run(store.open(link.link_id, ACCESS, "192.0.2.1", NOW + 59))
    with pytest.raises(LinkGoneError) as gone:
        run(store.open(link.link_id, ACCESS, "192.0.2.1", NOW + 60))
    assert gone.value.reason == "expired"


def test_wrong_access_is_throttled_per_link_until_the_window_passes(store: LinkStore) -> None:
    link = _link()
    _live(store, link)
    for attempt in range(10):
        with pytest.raises(WrongAccessError):
            run(store.open(link.link_id, b"\x22" * 32, f"192.0.2.{attempt}", NOW + attempt))
    with pytest.raises(ThrottledError) as throttled:
        run(store.open(link.link_id, ACCESS, "198.51.100.1", NOW + 20))
    assert 0 < throttled.value.retry_after <= 900
    run(store.open(link.link_id, ACCESS, "198.51.100.1", NOW + 901))


def test_wrong_access_is_throttled_per_address_over_all_links(tmp_path: Path) -> None:
    database = Database(tmp_path / "own.sqlite")
    store = LinkStore(database, LinkFiles(tmp_path / "own"), LinkLimits(address_failures=4))
    first, second = _link("1" * 22), _link("2" * 22)
    _live(store, first)
    _live(store, second)
    for _ in range(4):  # below the link's own limit (10)
        with pytest.raises(WrongAccessError):
            run(store.open(first.link_id, b"\x22" * 32, "2001:db8::1", NOW))
    with pytest.raises(ThrottledError):  # the same /64, another link, the right value
        run(store.open(second.link_id, ACCESS, "2001:db8::2", NOW + 1))
    run(store.open(second.link_id, ACCESS, "2001:db8:1::1", NOW + 1))  # another /64
    run(store.open(first.link_id, ACCESS, "192.0.2.7", NOW + 1))
    database.close()


def test_drops_in_order_complete_and_limited(store: LinkStore) -> None:
    link = _link(mode="request")
    _live(store, link, blocks=0)
    grant = run(store.open(link.link_id, ACCESS, "192.0.2.1", NOW)).grant
    number = run(store.start_drop(link.link_id, grant, b"h" * 100, NOW))
    with pytest.raises(LinkStateError):
        run(store.put_drop_block(link.link_id, grant, number, 1, BLOCK, NOW))  # out of order
    run(store.put_drop_block(link.link_id, grant, number, 0, BLOCK, NOW))
    assert run(store.drops("alice", link.link_id)) == []  # not complete yet
    with pytest.raises(LinkStateError):
        run(store.finish_drop(link.link_id, grant, number, 2, NOW))
    run(store.finish_drop(link.link_id, grant, number, 1, NOW))
    [drop] = run(store.drops("alice", link.link_id))
    assert (drop.header, drop.count) == (b"h" * 100, 1)
    assert run(store.drop_block("alice", link.link_id, number, 0)) == BLOCK
    run(store.start_drop(link.link_id, grant, b"h", NOW))
    with pytest.raises(LinkLimitError):
        run(store.start_drop(link.link_id, grant, b"h", NOW))
    run(store.delete_drop("alice", link.link_id, number))
    assert run(store.drops("alice", link.link_id)) == []


def test_a_download_link_takes_no_drops(store: LinkStore) -> None:
    link = _link()
    _live(store, link)
    grant = run(store.open(link.link_id, ACCESS, "192.0.2.1", NOW)).grant
    with pytest.raises(LinkStateError):
        run(store.start_drop(link.link_id, grant, b"h", NOW))


def test_revoke_removes_the_blocks_and_keeps_the_record(store: LinkStore) -> None:
    link = _link()
    _live(store, link)
    assert (_root(store) / link.link_id / "0.0").exists()
    run(store.revoke("alice", link.link_id))
    assert not (_root(store) / link.link_id).exists()
    record = run(store.get(link.link_id))
    assert record is not None and record.status(NOW) == "revoked"


def test_an_abandoned_upload_is_swept_once_no_grant_can_finish_it(store: LinkStore) -> None:
    link = _link(mode="request")
    _live(store, link, blocks=0)
    grant = run(store.open(link.link_id, ACCESS, "192.0.2.1", NOW)).grant
    first = run(store.start_drop(link.link_id, grant, b"h", NOW))
    run(store.put_drop_block(link.link_id, grant, first, 0, BLOCK, NOW))
    run(store.start_drop(link.link_id, grant, b"h", NOW))
    later = run(store.open(link.link_id, ACCESS, "192.0.2.1", NOW + 3601)).grant
    run(store.start_drop(link.link_id, later, b"h", NOW + 3601))  # room again: both swept
    assert not (_root(store) / link.link_id / f"drop-{first}.0").exists()


def _root(store: LinkStore) -> Path:
    assert isinstance(store.blobs, LinkFiles)
    return store.blobs.root
