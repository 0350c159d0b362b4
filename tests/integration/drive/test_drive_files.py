"""Privshare Drive against the real server: bytes written through WebDAV read back on
another device with `privshare get`, and the other way round; versions; shares and
read-only shares; credentials (issue 17)."""

from __future__ import annotations

import contextlib
import json
import os
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests
from drive_helpers import Drive, ok, own_files, privshare, share_to
from server_harness import ServerProcess
from world import Account

pytestmark = [pytest.mark.integration, pytest.mark.slow]  # each over 5 s: CLI runs, MiBs

MiB = 1 << 20
PROPPATCH = (
    '<?xml version="1.0" encoding="utf-8"?><D:propertyupdate xmlns:D="DAV:" xmlns:Z="urn:t">'
    "<D:set><D:prop><Z:colour>blue</Z:colour></D:prop></D:set></D:propertyupdate>"
)


def test_bytes_written_through_the_drive_read_back_on_another_device_and_back(
    new_account: Callable[..., Account],
    drive_for: Callable[[Account], Drive],
    second_device: Callable[[Account], Account],
    tmp_path: Path,
) -> None:
    alice = new_account("alice")
    phone = second_device(alice)  # a second device of the same account
    phone.session.close()
    drive = drive_for(alice)

    assert drive.request("MKCOL", "/Docs").status_code == 201
    first = os.urandom(3 * MiB + 17)
    second = os.urandom(2 * MiB + 5)
    assert drive.request("PUT", "/Docs/big.bin", data=first).status_code == 201
    assert drive.request("PUT", "/Docs/big.bin", data=second).status_code == 204
    assert drive.request("PUT", "/Docs/empty", data=b"").status_code == 201
    got = drive.request("GET", "/Docs/big.bin")
    assert got.status_code == 200 and got.content == second

    out = tmp_path / "out"
    out.mkdir()
    ok(privshare(phone.profile, "get", "/Docs/big.bin", str(out)))
    assert (out / "big.bin").read_bytes() == second
    versions = json.loads(ok(privshare(phone.profile, "versions", "/Docs/big.bin", "--json")))
    assert [v["version"] for v in versions] == [2, 1]
    ok(privshare(phone.profile, "restore", "/Docs/big.bin", "1"))
    assert drive.request("GET", "/Docs/big.bin").content == first

    local = tmp_path / "from phone ü.txt"
    local.write_bytes(os.urandom(MiB + 1))
    ok(privshare(phone.profile, "put", str(local), "/Docs"))
    assert drive.request("GET", "/Docs/from phone ü.txt").content == local.read_bytes()
    listing = drive.request("PROPFIND", "/Docs/", headers={"Depth": "1"})
    assert listing.status_code == 207
    for name in ("big.bin", "empty", "from%20phone%20%C3%BC.txt"):
        assert f"/Docs/{name}</" in listing.text

    assert (
        drive.request(
            "MOVE", "/Docs/empty", headers={"Destination": drive.base + "/Docs/renamed"}
        ).status_code
        == 201
    )
    assert (
        drive.request(
            "COPY", "/Docs/big.bin", headers={"Destination": drive.base + "/copy.bin"}
        ).status_code
        == 201
    )
    assert drive.request("DELETE", "/Docs/from phone ü.txt").status_code == 204
    listed = json.loads(ok(privshare(phone.profile, "ls", "/Docs", "--json")))
    assert [entry["name"] for entry in listed] == ["big.bin", "renamed"]
    ok(privshare(phone.profile, "get", "/copy.bin", str(out)))
    assert (out / "copy.bin").read_bytes() == first


def test_an_editors_save_by_rename_adds_a_version_instead_of_losing_the_history(
    new_account: Callable[..., Account],
    drive_for: Callable[[Account], Drive],
    second_device: Callable[[Account], Account],
) -> None:
    alice = new_account("alice")
    phone = second_device(alice)
    phone.session.close()
    drive = drive_for(alice)
    assert drive.request("PUT", "/doc.txt", data=b"first draft").status_code == 201
    assert drive.request("PUT", "/.doc.txt.swp", data=b"second draft").status_code == 201
    save = {"Destination": drive.base + "/doc.txt", "Overwrite": "T"}
    assert drive.request("MOVE", "/.doc.txt.swp", headers=save).status_code == 204
    assert drive.request("GET", "/doc.txt").content == b"second draft"
    assert drive.request("GET", "/.doc.txt.swp").status_code == 404
    versions = json.loads(ok(privshare(phone.profile, "versions", "/doc.txt", "--json")))
    assert [v["version"] for v in versions] == [2, 1]
    assert drive.request("PUT", "/other.txt", data=b"other").status_code == 201
    refused = drive.request("MOVE", "/other.txt", headers={**save, "Overwrite": "F"})
    assert refused.status_code == 412
    assert drive.request("GET", "/doc.txt").content == b"second draft"


def test_shares_appear_under_shared_and_a_read_only_one_refuses_writes_with_a_reason(
    new_account: Callable[..., Account], drive_for: Callable[[Account], Drive], tmp_path: Path
) -> None:
    alice, bob = new_account("alice"), new_account("bob")
    notes = tmp_path / "notes.txt"
    notes.write_bytes(b"read me")
    own_files(bob).put([notes], "/Docs")
    own_files(bob).mkdir("/Team")
    assert share_to(bob, alice, "/Docs") == "/Shared/Docs"
    assert share_to(bob, alice, "/Team", write=True) == "/Shared/Team"
    assert share_to(bob, alice, "/Docs/notes.txt") == "/Shared/notes.txt"  # one file
    bob.session.close()
    drive = drive_for(alice)

    root = drive.request("PROPFIND", "/Shared/", headers={"Depth": "1"})
    assert "/Shared/Docs/</" in root.text and "/Shared/Team/</" in root.text
    assert drive.request("GET", "/Shared/Docs/notes.txt").content == b"read me"
    assert drive.request("GET", "/Shared/notes.txt").content == b"read me"

    refused = [
        drive.request("PUT", "/Shared/notes.txt", data=b"no"),
        drive.request("PUT", "/Shared/Docs/new.txt", data=b"no"),
        drive.request("PUT", "/Shared/Docs/notes.txt", data=b"no"),
        drive.request("MKCOL", "/Shared/Docs/sub"),
        drive.request("DELETE", "/Shared/Docs/notes.txt"),
        drive.request(
            "MOVE",
            "/Shared/Docs/notes.txt",
            headers={"Destination": drive.base + "/Shared/Docs/moved.txt"},
        ),
        drive.request("MKCOL", "/Shared/new"),
    ]
    assert [r.status_code for r in refused] == [403] * len(refused)
    assert "read-only" in refused[0].text and bob.address in refused[0].text
    assert "/Shared lists the shares you accepted" in refused[-1].text
    patch = drive.request("PROPPATCH", "/Shared/Docs/notes.txt", data=PROPPATCH)
    assert patch.status_code == 207 and "403 Forbidden" in patch.text and "read-only" in patch.text
    assert drive.request("PROPPATCH", "/Shared/Team/", data=PROPPATCH).text.count("200 OK") == 1
    assert drive.request("GET", "/Shared/Docs/notes.txt").content == b"read me"

    data = os.urandom(MiB + 3)
    assert drive.request("PUT", "/Shared/Team/from-alice.bin", data=data).status_code == 201
    out = tmp_path / "out"
    out.mkdir()
    ok(privshare(bob.profile, "get", "/Team/from-alice.bin", str(out)))
    assert (out / "from-alice.bin").read_bytes() == data
    ok(privshare(bob.profile, "put", str(notes), "/Team"))
    assert drive.request("GET", "/Shared/Team/notes.txt").content == b"read me"


def test_the_drive_wants_this_runs_password(
    new_account: Callable[..., Account], drive_for: Callable[[Account], Drive]
) -> None:
    drive = drive_for(new_account("alice"))
    assert drive.url.startswith("http://privshare:") and "@127.0.0.1:" in drive.url
    user, password = drive.auth
    assert len(password) >= 32
    assert drive.request("PROPFIND", "/", auth=None).status_code == 401
    wrong = password[:-1] + ("y" if password[-1] != "y" else "z")
    assert drive.request("GET", "/", auth=(user, wrong)).status_code == 401
    assert drive.request("PROPFIND", "/", headers={"Depth": "0"}).status_code == 207
    assert drive.request("GET", "/missing.txt").status_code == 404


def test_a_body_being_written_sits_encrypted_in_a_0600_spool_that_stop_wipes(
    new_account: Callable[..., Account], drive_for: Callable[[Account], Drive]
) -> None:
    drive = drive_for(new_account("alice"))
    [spool] = list(drive.temp_dir.iterdir())
    assert spool.name.startswith("privshare-drive-") and stat.S_IMODE(spool.stat().st_mode) == 0o700
    marker = b"secret words that must never reach the disk in clear. "
    seen: list[tuple[int, bytes]] = []

    def body() -> Iterator[bytes]:
        for _ in range(3):
            yield marker * 40_000  # ~2 MiB a piece
        deadline = time.monotonic() + 20
        while not any(p.stat().st_size > 2 * MiB for p in spool.iterdir()):
            assert time.monotonic() < deadline, "nothing reached the spool"
            time.sleep(0.05)
        seen.extend((stat.S_IMODE(p.stat().st_mode), p.read_bytes()) for p in spool.iterdir())
        yield marker

    assert drive.request("PUT", "/secret.txt", data=body()).status_code == 201
    assert [mode for mode, _ in seen] == [0o600]
    assert all(marker[:24] not in data for _, data in seen)
    assert drive.request("GET", "/secret.txt").content == marker * 120_001
    assert list(spool.iterdir()) == []  # uploaded: its spool file is gone already


def test_a_block_changed_on_the_server_fails_the_read_it_never_looks_complete(
    new_account: Callable[..., Account],
    drive_for: Callable[[Account], Drive],
    second_device: Callable[[Account], Account],
    server: ServerProcess,
) -> None:
    alice = new_account("alice")
    phone = second_device(alice)
    drive = drive_for(alice)
    data = os.urandom(6 * MiB)
    assert drive.request("PUT", "/t.bin", data=data).status_code == 201
    file = own_files(phone).tree.resolve("/t.bin")
    blocks = [_block_file(server, bid) for bid in file.record.block_ids]  # type: ignore[union-attr]

    with _flipped(blocks[0]):
        first = drive.request("GET", "/t.bin")
    assert first.status_code == 502 and "/t.bin" in first.text

    with _flipped(blocks[-1]):
        response = drive.request("GET", "/t.bin", stream=True)
        assert response.status_code == 200
        received = bytearray()
        with pytest.raises(requests.exceptions.ChunkedEncodingError):
            for piece in response.iter_content(MiB):
                received += piece
    assert 0 < len(received) < len(data) and data.startswith(bytes(received))
    assert drive.request("GET", "/t.bin").content == data  # restored: reads whole again


def _block_file(server: ServerProcess, block_id: bytes) -> Path:
    name = block_id.hex()
    return server.data_dir / "blocks" / name[:2] / name[2:4] / name


@contextlib.contextmanager
def _flipped(path: Path) -> Iterator[None]:
    """A bit of a stored block flipped (a failing disk, or an operator), then put back."""
    original = path.read_bytes()
    path.write_bytes(original[:100] + bytes([original[100] ^ 1]) + original[101:])
    try:
        yield
    finally:
        path.write_bytes(original)
