"""Address, pinned server keys, PKI checkpoints, version marks: persisted, guarded, kept."""

from __future__ import annotations

from collections.abc import Callable

import msgpack
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from vault_helpers import PASSWORD

from app.crypto.ecc import PrivateKey
from app.vault import ItemRollbackError, PinnedKeyChangedError, Profile, Vault
from app.vault.body import VaultBody
from app.vault.slots import seal_body

MakeVault = Callable[..., tuple[Vault, str]]
KEY_A = PrivateKey.from_bytes(bytes(31) + b"\x01").public_key.to_bytes()
KEY_B = PrivateKey.from_bytes(bytes(31) + b"\x02").public_key.to_bytes()


def _reopen(profile: Profile) -> Vault:
    vault = Vault.open(profile)
    vault.unlock(PASSWORD)
    return vault


def test_every_record_survives_a_reopen(make_vault: MakeVault, profile: Profile) -> None:
    vault, _ = make_vault()
    vault.set_address("alice#files.example.org:8443")
    vault.pin_server_key("files.example.org:8443", KEY_A)
    vault.set_pki_checkpoint("files.example.org:8443", b"\x00head\xff")
    vault.note_item_version("1BoatSLRHtKNngkdXEeobR76b53LETtpyT", 7)
    again = _reopen(profile)
    assert again.address == "alice#files.example.org:8443"
    assert again.server_key("files.example.org:8443") == KEY_A
    assert again.server_key("elsewhere") is None
    assert again.pki_checkpoint("files.example.org:8443") == b"\x00head\xff"
    assert again.pki_checkpoint("elsewhere") is None
    assert again.item_version("1BoatSLRHtKNngkdXEeobR76b53LETtpyT") == 7
    assert again.item_version("unknown") is None


def test_a_changed_server_key_is_refused_until_the_user_confirms(
    make_vault: MakeVault, profile: Profile
) -> None:
    vault, _ = make_vault()
    vault.pin_server_key("example.org", KEY_A)
    before = profile.vault_path.read_bytes()
    vault.pin_server_key("example.org", KEY_A)  # same key: nothing to write
    assert profile.vault_path.read_bytes() == before
    with pytest.raises(PinnedKeyChangedError, match=r"example\.org has changed") as caught:
        vault.pin_server_key("example.org", KEY_B)
    assert caught.value.host == "example.org"
    assert vault.server_key("example.org") == KEY_A
    assert profile.vault_path.read_bytes() == before
    vault.pin_server_key("example.org", KEY_B, replace=True)
    assert _reopen(profile).server_key("example.org") == KEY_B
    vault.forget_server_key("example.org")
    assert _reopen(profile).server_key("example.org") is None


@pytest.mark.parametrize("bad", [b"", KEY_A[1:], b"\x04" + KEY_A[1:], KEY_A + b"\x00"])
def test_server_keys_must_be_compressed_points(make_vault: MakeVault, bad: bytes) -> None:
    vault, _ = make_vault()
    with pytest.raises(ValueError, match="33-byte compressed"):
        vault.pin_server_key("example.org", bad)


@pytest.mark.parametrize("host", ["", " example.org", "a#b", "a/b"])
def test_bad_hosts_are_misuse(make_vault: MakeVault, host: str) -> None:
    vault, _ = make_vault()
    with pytest.raises(ValueError, match="not a server host"):
        vault.pin_server_key(host, KEY_A)


@pytest.mark.parametrize("address", ["alice", "#host", "alice#", "a#b#c"])
def test_bad_addresses_are_misuse(make_vault: MakeVault, address: str) -> None:
    vault, _ = make_vault()
    with pytest.raises(ValueError, match="name#host"):
        vault.set_address(address)


def test_rollback_of_an_item_version_is_refused(make_vault: MakeVault, profile: Profile) -> None:
    vault, _ = make_vault()
    vault.note_item_version("item", 3)
    vault.note_item_version("item", 3)  # seeing the same version again is fine
    vault.note_item_version("item", 5)
    with pytest.raises(ItemRollbackError, match="from version 5 to 4") as caught:
        vault.note_item_version("item", 4)
    assert (caught.value.seen, caught.value.offered) == (5, 4)
    assert _reopen(profile).item_version("item") == 5
    for bad in (-1, True, 1.5):
        with pytest.raises(ValueError):
            vault.note_item_version("item", bad)  # type: ignore[arg-type]


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(versions=st.lists(st.integers(min_value=0, max_value=2**40), min_size=1, max_size=8))
def test_the_mark_is_the_running_maximum(make_vault: MakeVault, profile: Profile, versions) -> None:
    if not profile.has_vault():
        make_vault()
    vault = _reopen(profile)
    item = f"item-{len(versions)}-{versions[0]}"
    start = vault.item_version(item)
    mark = start
    for version in versions:
        if mark is not None and version < mark:
            with pytest.raises(ItemRollbackError):
                vault.note_item_version(item, version)
        else:
            vault.note_item_version(item, version)
            mark = version
    assert vault.item_version(item) == mark


def test_unknown_body_fields_are_kept_on_rewrite(make_vault: MakeVault, profile: Profile) -> None:
    """A newer Privshare may add fields to the body; an older one must not drop them."""
    vault, phrase = make_vault()
    current = vault._secrets.body  # type: ignore[union-attr]
    extra = {"future_field": [1, "two", b"\x03"], "another": {"k": True}}
    newer = VaultBody(
        entropy=bytearray(current.entropy),
        passphrase="",
        created_at=current.created_at,
        extra=extra,
    )
    forged = seal_body(vault._file, newer, vault._secrets.dek)  # type: ignore[union-attr]
    profile.vault_path.write_bytes(forged.to_bytes())

    older = _reopen(profile)
    older.set_address("bob#example.org")
    older.note_item_version("x", 1)
    latest = _reopen(profile)
    plain = latest._secrets.body.pack()  # type: ignore[union-attr]
    fields = msgpack.unpackb(plain)
    assert fields["future_field"] == [1, "two", b"\x03"]
    assert fields["another"] == {"k": True}
    assert latest.address == "bob#example.org" and latest.mnemonic == phrase


def test_threads_of_one_process_neither_collide_nor_lose_updates(
    make_vault: MakeVault, profile: Profile
) -> None:
    """The window's workers share one Vault: each record write is one read-modify-write."""
    import threading

    vault, _ = make_vault()
    errors: list[BaseException] = []
    barrier = threading.Barrier(3)

    def marks(worker: int) -> None:
        barrier.wait()
        try:
            for number in range(40):
                vault.note_item_version(f"item-{worker}-{number}", number + 1)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=marks, args=(worker,)) for worker in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    reopened = _reopen(profile)
    for worker in range(3):
        for number in range(40):
            assert reopened.item_version(f"item-{worker}-{number}") == number + 1
