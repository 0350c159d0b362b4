"""Writes authorised by a parent item's key, without a login (OBJECTS.md "Parent
authorisation"): signature checks, single-use challenges, owner charged, caps."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from objects_helpers import NOW, Item, create, new_block, run, upload

from app.crypto.ecc import PrivateKey
from app.wire.objects import (
    PARENT_WINDOW_SECONDS,
    block_id,
    parent_signed_bytes,
    parent_window,
)
from server_stub.database import Database
from server_stub.objects import (
    BadSignatureError,
    ChallengeUnknownError,
    LimitExceededError,
    LoginRequiredError,
    NotFoundError,
    ObjectLimits,
    ObjectStore,
    ParentAuth,
    QuotaExceededError,
    TransferUnknownError,
)
from server_stub.objects.blockfiles import BlockFiles

LIMITS = ObjectLimits(quota=20_000, parent_rate=3, challenge_ttl=60)
WINDOW = parent_window(NOW)


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = Database(tmp_path / "objects.sqlite", threads=2)
    yield db
    db.close()


@pytest.fixture
def store(database: Database, tmp_path: Path) -> ObjectStore:
    return ObjectStore(database, BlockFiles(tmp_path / "blocks"), LIMITS)


@pytest.fixture
def folder(store: ObjectStore) -> Item:
    """alice's folder: the parent every test writes under."""
    item = Item()
    create(store, "alice", item, [])
    return item


def create_auth(
    parent: Item, child: Item, *, signer: PrivateKey | None = None, window: int = WINDOW
) -> ParentAuth:
    message = parent_signed_bytes("descriptorCreate", parent.id, child.id.encode(), window)
    return ParentAuth(parent.id, window, (signer or parent.key).sign(message))


def open_auth(parent: Item, nonce: bytes, *, signer: PrivateKey | None = None) -> ParentAuth:
    message = parent_signed_bytes("transferOpen", parent.id, nonce, WINDOW)
    return ParentAuth(parent.id, WINDOW, (signer or parent.key).sign(message), nonce)


def open_by_parent(store: ObjectStore, parent: Item, now: float = NOW) -> bytes:
    nonce, _ = run(store.transfer_challenge(parent.id, now))
    transfer_id, _ = run(store.open_transfer(None, now, open_auth(parent, nonce)))
    return transfer_id


def put(store: ObjectStore, transfer_id: bytes, data: bytes, user: str | None = None) -> None:
    run(store.put_block(user, transfer_id, block_id(data), data, NOW))


def test_signed_bytes_layout_by_hand() -> None:
    got = parent_signed_bytes("transferOpen", "1Abc", b"\x07" * 32, 0x0102030405060708)
    label = b"privshare/v1/objects/parent-authorisation"
    expected = (
        len(label).to_bytes(4, "big")
        + label
        + (12).to_bytes(4, "big")
        + b"transferOpen"
        + (4).to_bytes(4, "big")
        + b"1Abc"
        + (32).to_bytes(4, "big")
        + b"\x07" * 32
        + bytes.fromhex("0102030405060708")
    )
    assert got == expected
    assert parent_window(PARENT_WINDOW_SECONDS * 7 + 299.9) == 7
    with pytest.raises(ValueError):
        parent_signed_bytes("descriptorUpdate", "1Abc", b"", 0)


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["descriptorCreate", "transferOpen"]),
    st.text(max_size=8),
    st.binary(max_size=8),
    st.integers(0, 2**64 - 1),
    st.sampled_from(["descriptorCreate", "transferOpen"]),
    st.text(max_size=8),
    st.binary(max_size=8),
    st.integers(0, 2**64 - 1),
)
def test_signed_bytes_are_injective(
    a1: str, p1: str, s1: bytes, w1: int, a2: str, p2: str, s2: bytes, w2: int
) -> None:
    same = parent_signed_bytes(a1, p1, s1, w1) == parent_signed_bytes(a2, p2, s2, w2)
    assert same == ((a1, p1, s1, w1) == (a2, p2, s2, w2))


def test_create_by_parent_key_is_owned_and_charged_to_the_parents_owner(
    store: ObjectStore, folder: Item
) -> None:
    child, block = Item(), new_block(3000)
    transfer_id = open_by_parent(store, folder)
    put(store, transfer_id, block)
    write = child.write([block], b"meta")
    version = run(
        store.create(None, child.public, write, transfer_id, NOW, create_auth(folder, child))
    )
    assert version.seq == 1
    [found] = run(store.get([child.id]))
    assert found is not None and found.current.block_ids == (block_id(block),)
    assert run(store.usage("alice")) == (3000, 2)
    assert run(store.read_block(child.id, block_id(block))) == block


def test_a_folder_without_blocks_needs_no_transfer(store: ObjectStore, folder: Item) -> None:
    child = Item()
    run(store.create(None, child.public, child.write([]), None, NOW, create_auth(folder, child)))
    grandchild = Item()  # the new folder authorises its own children
    run(
        store.create(
            None, grandchild.public, grandchild.write([]), None, NOW, create_auth(child, grandchild)
        )
    )
    assert run(store.usage("alice"))[1] == 3


@pytest.mark.parametrize(
    "flaw",
    ["other key", "other child", "stale window", "future window", "no parent", "flipped bit"],
)
def test_a_create_authorisation_that_does_not_hold_creates_nothing(
    store: ObjectStore, folder: Item, flaw: str
) -> None:
    child = Item()
    auth = {
        "other key": lambda: create_auth(folder, child, signer=PrivateKey.generate()),
        "other child": lambda: create_auth(folder, Item()),
        "stale window": lambda: create_auth(folder, child, window=WINDOW - 2),
        "future window": lambda: create_auth(folder, child, window=WINDOW + 2),
        "no parent": lambda: create_auth(Item(), child),
        "flipped bit": lambda: _flipped(create_auth(folder, child)),
    }[flaw]()
    expected = NotFoundError if flaw == "no parent" else BadSignatureError
    with pytest.raises(expected):
        run(store.create(None, child.public, child.write([]), None, NOW, auth))
    assert run(store.get([child.id])) == [None]
    assert run(store.usage("alice"))[1] == 1


def _flipped(auth: ParentAuth) -> ParentAuth:
    signature = bytearray(auth.signature)
    signature[10] ^= 1
    return ParentAuth(auth.parent_id, auth.window, bytes(signature))


def test_neighbouring_windows_are_accepted(store: ObjectStore, folder: Item) -> None:
    for window in (WINDOW - 1, WINDOW + 1):
        child = Item()
        auth = create_auth(folder, child, window=window)
        run(store.create(None, child.public, child.write([]), None, NOW, auth))


def test_a_high_s_signature_is_refused(store: ObjectStore, folder: Item) -> None:
    order = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
    child = Item()
    good = create_auth(folder, child)
    s = int.from_bytes(good.signature[32:], "big")
    high = good.signature[:32] + (order - s).to_bytes(32, "big")
    with pytest.raises(BadSignatureError):
        run(
            store.create(
                None, child.public, child.write([]), None, NOW, ParentAuth(folder.id, WINDOW, high)
            )
        )


def test_a_challenge_is_single_use_and_bound_to_its_parent_and_time(
    store: ObjectStore, folder: Item
) -> None:
    other = Item()
    create(store, "bob", other, [])
    nonce, expires = run(store.transfer_challenge(folder.id, NOW))
    assert len(nonce) == 32 and expires == NOW + LIMITS.challenge_ttl
    run(store.open_transfer(None, NOW, open_auth(folder, nonce)))
    with pytest.raises(ChallengeUnknownError):  # replayed
        run(store.open_transfer(None, NOW, open_auth(folder, nonce)))
    nonce, _ = run(store.transfer_challenge(other.id, NOW))
    with pytest.raises(ChallengeUnknownError):  # issued for another folder
        run(store.open_transfer(None, NOW, open_auth(folder, nonce)))
    nonce, _ = run(store.transfer_challenge(folder.id, NOW))
    with pytest.raises(ChallengeUnknownError):  # expired
        run(store.open_transfer(None, expires + 1, open_auth(folder, nonce)))
    with pytest.raises(ChallengeUnknownError):  # never issued
        run(store.open_transfer(None, NOW, open_auth(folder, b"\x00" * 32)))
    with pytest.raises(NotFoundError):
        run(store.transfer_challenge(Item().id, NOW))


def test_a_wrong_key_does_not_spend_the_challenge(store: ObjectStore, folder: Item) -> None:
    nonce, _ = run(store.transfer_challenge(folder.id, NOW))
    with pytest.raises(BadSignatureError):
        run(store.open_transfer(None, NOW, open_auth(folder, nonce, signer=PrivateKey.generate())))
    run(store.open_transfer(None, NOW, open_auth(folder, nonce)))  # still good for the key


def test_a_tied_transfer_serves_only_its_parent_and_owner(store: ObjectStore, folder: Item) -> None:
    carols = Item()
    create(store, "carol", carols, [])
    block = new_block(100)
    transfer_id = open_by_parent(store, folder)
    put(store, transfer_id, block)
    assert run(store.transfer_status(None, transfer_id, NOW))[0] == [block_id(block)]
    sibling = Item()
    create(store, "alice", sibling, [])
    child = Item()
    with pytest.raises(TransferUnknownError):  # created under another folder
        run(
            store.create(
                None,
                child.public,
                child.write([block]),
                transfer_id,
                NOW,
                create_auth(sibling, child),
            )
        )
    with pytest.raises(TransferUnknownError):  # carol's descriptor: not the owner charged
        current = run(store.get([carols.id]))[0]
        assert current is not None
        run(
            store.update(
                carols.write([block]),
                current.current.signature,
                user=None,
                transfer_id=transfer_id,
                lock_id=None,
                now=NOW,
            )
        )
    mine = run(store.get([sibling.id]))[0]
    assert mine is not None  # alice's own descriptor may take the blocks (a new version)
    run(
        store.update(
            sibling.write([block]),
            mine.current.signature,
            user=None,
            transfer_id=transfer_id,
            lock_id=None,
            now=NOW,
        )
    )
    run(store.close_transfer(None, transfer_id, NOW))
    with pytest.raises(LoginRequiredError):  # gone: only tied transfers work anonymously
        run(store.transfer_status(None, transfer_id, NOW))


def test_a_users_own_transfer_stays_theirs(store: ObjectStore, folder: Item) -> None:
    transfer_id = upload(store, "alice", [])
    with pytest.raises(LoginRequiredError):
        put(store, transfer_id, new_block(10), user=None)
    with pytest.raises(TransferUnknownError):
        put(store, transfer_id, new_block(10), user="mallory")
    with pytest.raises(TransferUnknownError):
        run(store.open_transfer(None, NOW))
    child = Item()
    with pytest.raises(TransferUnknownError):  # naming alice's transfer in an anonymous write
        run(
            store.create(
                None, child.public, child.write([]), transfer_id, NOW, create_auth(folder, child)
            )
        )


def test_the_parents_owners_quota_applies(store: ObjectStore, folder: Item) -> None:
    upload(store, "alice", [new_block(15_000)])  # alice's own pending upload
    transfer_id = open_by_parent(store, folder)
    with pytest.raises(QuotaExceededError):  # charged to alice: 15,000 + 6,000 > 20,000
        put(store, transfer_id, new_block(6_000))
    put(store, transfer_id, new_block(4_000))
    with pytest.raises(QuotaExceededError):
        put(store, transfer_id, new_block(1_001))
    upload(store, "carol", [new_block(19_000)])  # nobody else's quota moved


def test_creates_per_parent_are_capped_per_hour(store: ObjectStore, folder: Item) -> None:
    for _ in range(LIMITS.parent_rate):
        child = Item()
        run(
            store.create(None, child.public, child.write([]), None, NOW, create_auth(folder, child))
        )
    child = Item()
    with pytest.raises(LimitExceededError):
        run(
            store.create(None, child.public, child.write([]), None, NOW, create_auth(folder, child))
        )
    assert run(store.get([child.id])) == [None]
    later = NOW + 3601
    auth = create_auth(folder, child, window=parent_window(later))
    run(store.create(None, child.public, child.write([]), None, later, auth))


def test_transfer_opens_per_parent_are_capped_per_hour(store: ObjectStore, folder: Item) -> None:
    for _ in range(LIMITS.parent_rate):
        open_by_parent(store, folder)
    with pytest.raises(LimitExceededError):
        open_by_parent(store, folder)


def test_live_challenges_per_parent_are_bounded(store: ObjectStore, folder: Item) -> None:
    nonces = [run(store.transfer_challenge(folder.id, NOW + n * 0.001))[0] for n in range(20)]
    with pytest.raises(ChallengeUnknownError):  # the oldest were dropped
        run(store.open_transfer(None, NOW + 1, open_auth(folder, nonces[0])))
    run(store.open_transfer(None, NOW + 1, open_auth(folder, nonces[-1])))


def test_the_schema_survives_a_second_store(
    store: ObjectStore, database: Database, tmp_path: Path, folder: Item
) -> None:
    nonce, _ = run(store.transfer_challenge(folder.id, NOW))
    again = ObjectStore(database, BlockFiles(tmp_path / "blocks"), LIMITS)
    transfer_id, _ = run(again.open_transfer(None, NOW, open_auth(folder, nonce)))
    assert run(store.transfer_status(None, transfer_id, NOW))[0] == []
