"""A malicious server edits its stored rows: names, metadata, structure, old versions,
format bytes (checklist items 20, 23-30; issue 5 §5).

Each test changes the server's SQLite file directly (as an operator with disk access
would), then runs the real command line against it: exit code 4, the specific check
named on the one error line, no output file behind.
"""

from __future__ import annotations

import secrets
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from files_world import Device, ServerRows, leftovers

from app.crypto.bip32 import HARDENED, ExtendedKey
from app.fs import FileMetadata, FolderListing, ItemKey, ListingEntry
from app.wire.objects import descriptor_signed_bytes

pytestmark = pytest.mark.integration


def id_of(device: Device, path: str) -> str:
    return device.files.tree.resolve(path).item_id


def put_text(device: Device, tmp_path: Path, remote_dir: str, name: str, text: str) -> None:
    local = tmp_path / "src" / name
    local.parent.mkdir(exist_ok=True)
    local.write_text(text)
    device.files.put([local], remote_dir)


def refused(result: Any, *names: str) -> None:
    assert result.code == 4, (result.code, result.err)
    assert result.err.startswith("privshare: tampering detected") and result.err.count("\n") == 1
    assert any(name in result.err for name in names), result.err


def get_refused(cli: Any, device: Device, tmp_path: Path, path: str, *names: str) -> None:
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    refused(cli(device, "get", path, str(out / "x")), *names)
    assert leftovers(out) == []


@pytest.fixture
def two_files(alice: Device, tmp_path: Path) -> Device:
    put_text(alice, tmp_path, "/Docs", "salary.txt", "secret numbers")
    put_text(alice, tmp_path, "/Docs", "poem.txt", "roses are red")
    return alice


def test_swapped_metadata_of_two_files(
    two_files: Device, rows: ServerRows, cli: Any, tmp_path: Path
) -> None:
    a, b = id_of(two_files, "/Docs/salary.txt"), id_of(two_files, "/Docs/poem.txt")
    row_a, row_b = rows.current(a), rows.current(b)
    fields = ("blocks", "extra", "signature")
    rows.set_current(a, **{k: row_b[k] for k in fields})
    rows.set_current(b, **{k: row_a[k] for k in fields})
    get_refused(cli, two_files, tmp_path, "/Docs/salary.txt", "InjectedObjectError")
    refused(cli(two_files, "ls", "/Docs"), "InjectedObjectError")


def test_swapped_metadata_only(
    two_files: Device, rows: ServerRows, cli: Any, tmp_path: Path
) -> None:
    a, b = id_of(two_files, "/Docs/salary.txt"), id_of(two_files, "/Docs/poem.txt")
    rows.set_current(a, extra=rows.current(b)["extra"])
    get_refused(cli, two_files, tmp_path, "/Docs/salary.txt", "InjectedObjectError")


@pytest.mark.parametrize("offset", [60, -1, -20])  # ciphertext start, tag end, inside
def test_changed_metadata_bytes(
    two_files: Device, rows: ServerRows, cli: Any, tmp_path: Path, offset: int
) -> None:
    file_id = id_of(two_files, "/Docs/salary.txt")
    extra = bytearray(rows.current(file_id)["extra"])
    extra[offset] ^= 0x04
    rows.set_current(file_id, extra=bytes(extra))
    get_refused(cli, two_files, tmp_path, "/Docs/salary.txt", "MetadataIntegrityError")


def test_changed_block_list(two_files: Device, rows: ServerRows, cli: Any, tmp_path: Path) -> None:
    file_id = id_of(two_files, "/Docs/salary.txt")
    other = rows.current(id_of(two_files, "/Docs/poem.txt"))["blocks"]
    rows.set_current(file_id, blocks=other)
    # ls shows only the signed metadata; the block list is checked when the file is opened
    assert cli(two_files, "ls", "/Docs").code == 0
    get_refused(cli, two_files, tmp_path, "/Docs/salary.txt", "IntegrityError")


@pytest.mark.parametrize("target", ["/Docs/salary.txt", "/Docs"])
@pytest.mark.parametrize("byte", [0x00, 0x02, 0xFF])
def test_unknown_format_byte(
    two_files: Device, rows: ServerRows, cli: Any, tmp_path: Path, target: str, byte: int
) -> None:
    item = id_of(two_files, target)
    extra = rows.current(item)["extra"]
    rows.set_current(item, extra=bytes([byte]) + extra[1:])
    result = cli(two_files, "ls", target)
    refused(result, "FormatVersionError")
    assert f"format version {byte}" in result.err


def test_folder_served_in_place_of_another(two_files: Device, rows: ServerRows, cli: Any) -> None:
    two_files.files.mkdir("/Other")
    docs, other = id_of(two_files, "/Docs"), id_of(two_files, "/Other")
    stolen = rows.current(other)
    rows.set_current(docs, extra=stolen["extra"], signature=stolen["signature"])
    refused(cli(two_files, "ls", "/Docs"), "InjectedObjectError")


def test_file_moved_into_another_folder(
    two_files: Device, rows: ServerRows, cli: Any, tmp_path: Path
) -> None:
    """The server relocates an object: /Docs/poem.txt's descriptor (key, rows and all)
    is served where /Other/poem.txt is listed."""
    put_text(two_files, tmp_path, "/Other", "poem.txt", "another poem")
    source, target = id_of(two_files, "/Docs/poem.txt"), id_of(two_files, "/Other/poem.txt")
    with rows.connect() as db:
        sql = "SELECT public_key FROM obj_descriptors WHERE id = ?"
        public_key = db.execute(sql, (source,)).fetchone()[0]
    rows.set_public_key(target, public_key)
    original = rows.current(source)
    rows.set_current(target, **{k: original[k] for k in ("blocks", "extra", "signature")})
    refused(cli(two_files, "ls", "/Other"), "InjectedObjectError")
    get_refused(cli, two_files, tmp_path, "/Other/poem.txt", "InjectedObjectError")


def test_injected_file_and_folder(
    two_files: Device, rows: ServerRows, cli: Any, tmp_path: Path
) -> None:
    """The server replaces /Docs with a folder object it made with its own key: a listing
    naming a planted file and a folder, signed and stored under the server's key."""
    docs = id_of(two_files, "/Docs")
    attacker = ItemKey(ExtendedKey.from_seed(secrets.token_bytes(32)))
    planted, _ = ListingEntry.create(attacker, "invoice.pdf", "file")
    trap, _ = ListingEntry.create(attacker, "Upload here", "folder")
    fake = FolderListing(attacker.item_id, "", 99, (planted, trap))
    extra = fake.seal(attacker)
    rows.set_public_key(docs, attacker.public_bytes)
    signature = attacker.sign(descriptor_signed_bytes(docs, (), extra))
    rows.set_current(docs, extra=extra, signature=signature)
    refused(cli(two_files, "ls", "/Docs"), "InjectedObjectError")
    with rows.connect() as db:
        before = db.execute("SELECT COUNT(*) FROM obj_descriptors").fetchone()[0]
    (tmp_path / "new.txt").write_text("x")
    put = cli(two_files, "put", str(tmp_path / "new.txt"), "/Docs/Upload here")
    refused(put, "InjectedObjectError")  # uploads never go into it
    with rows.connect() as db:
        assert db.execute("SELECT COUNT(*) FROM obj_descriptors").fetchone()[0] == before


def test_an_entry_not_derived_from_its_folder_is_refused_before_it_is_used(
    two_files: Device, rows: ServerRows, cli: Any, tmp_path: Path
) -> None:
    """Someone holding /Docs's xprv (a write share) lists a key that is not the folder's
    child: it claims the right depth, index and parent fingerprint, and its descriptor
    holds salary.txt's metadata under the name evil.txt. `ls` shows it, as it shows a
    reader what the folder's signed listing names (the writer's derivation check waits
    until the entry is used, FORMAT.md §6); opening, writing, moving or removing it is
    refused, and nothing is written."""
    tree = two_files.files.tree
    docs = tree.folder("/Docs")
    salary = tree.resolve("/Docs/salary.txt")
    assert not isinstance(salary, type(docs))
    index = docs.key.new_child_index(docs.listing.taken_indices())
    forged = ItemKey(
        replace(
            ExtendedKey.from_seed(secrets.token_bytes(32)),
            depth=docs.key.extended.depth + 1,
            parent_fingerprint=docs.key.extended.fingerprint,
            child_number=HARDENED + index,
        )
    )
    metadata = replace(salary.metadata, name="evil.txt")
    assert isinstance(metadata, FileMetadata)
    tree.write_version(forged, metadata, ())  # ls reads no block; nothing else gets this far
    entry = ListingEntry("evil.txt", "file", index, forged.to_xpub())
    tree.update_listing(docs, lambda listing: listing.with_entry(entry))
    listed = cli(two_files, "ls", "/Docs")
    assert listed.code == 0 and "evil.txt" in listed.out, listed.err

    get_refused(cli, two_files, tmp_path, "/Docs/evil.txt", "InjectedObjectError")
    with rows.connect() as db:
        before = db.execute("SELECT COUNT(*) FROM obj_versions").fetchone()[0]
    (tmp_path / "evil.txt").write_text("a new version")
    refused(cli(two_files, "put", str(tmp_path / "evil.txt"), "/Docs"), "InjectedObjectError")
    refused(cli(two_files, "mv", "/Docs/evil.txt", "/moved.txt"), "InjectedObjectError")
    refused(cli(two_files, "rm", "/Docs/evil.txt"), "InjectedObjectError")
    with rows.connect() as db:
        assert db.execute("SELECT COUNT(*) FROM obj_versions").fetchone()[0] == before
    assert [e.name for e in two_files.files.ls("/Docs")] == ["evil.txt", "poem.txt", "salary.txt"]


def test_replayed_old_listing(alice: Device, rows: ServerRows, cli: Any, tmp_path: Path) -> None:
    put_text(alice, tmp_path, "/Box", "one.txt", "1")
    box = id_of(alice, "/Box")
    old = rows.current(box)
    put_text(alice, tmp_path, "/Box", "two.txt", "2")  # the listing moves on (hides nothing)
    assert [e.name for e in alice.files.ls("/Box")] == ["one.txt", "two.txt"]
    rows.set_current(box, extra=old["extra"], signature=old["signature"])  # hides two.txt
    result = cli(alice, "ls", "/Box")
    refused(result, "RollbackError")
    get_refused(cli, alice, tmp_path, "/Box", "RollbackError")


def test_replayed_old_file_version(
    alice: Device, rows: ServerRows, cli: Any, tmp_path: Path
) -> None:
    put_text(alice, tmp_path, "/", "plan.txt", "draft")
    file_id = id_of(alice, "/plan.txt")
    draft = rows.current(file_id)
    put_text(alice, tmp_path, "/", "plan.txt", "final")
    alice.files.get("/plan.txt", tmp_path / "seen.txt")  # this device has seen version 2
    rows.set_current(file_id, **{k: draft[k] for k in ("blocks", "extra", "signature")})
    get_refused(cli, alice, tmp_path, "/plan.txt", "RollbackError")


def test_hidden_file(two_files: Device, rows: ServerRows, cli: Any, tmp_path: Path) -> None:
    rows.drop(id_of(two_files, "/Docs/poem.txt"))
    refused(cli(two_files, "ls", "/Docs"), "StructureError")
    get_refused(cli, two_files, tmp_path, "/Docs/poem.txt", "StructureError")


def test_root_folder_removed(two_files: Device, rows: ServerRows, cli: Any) -> None:
    rows.drop(two_files.files.tree.root_key.item_id)
    refused(cli(two_files, "ls"), "RollbackError")
