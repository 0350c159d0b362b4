"""Checklist A.1-A.4 against a real server whose SQLite the test edits: a modified
privData, an own-key mismatch, a replayed older key bundle and a KDF downgrade each end
with exit code 4 and a clear line, and nothing is written to the vault."""

from __future__ import annotations

import os
import re
import sqlite3
import struct
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
from server_harness import ServerProcess

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
OTHER_KEY = bytes.fromhex("02" + "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798")


def privshare(profile: Path, *args: str, **secrets: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRIVSHARE_")}
    env.update({f"PRIVSHARE_{name.upper()}": value for name, value in secrets.items()})
    return subprocess.run(
        [sys.executable, "-m", "app", "--profile", str(profile), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def assert_tampering(result: subprocess.CompletedProcess[str], text: str) -> None:
    assert result.returncode == 4, (result.stdout, result.stderr)
    assert result.stderr.startswith("privshare: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    assert re.search(text, result.stderr), result.stderr


@contextmanager
def database(server: ServerProcess) -> Iterator[sqlite3.Connection]:
    with closing(sqlite3.connect(server.data_dir / "privshare.sqlite", timeout=30)) as db:
        db.isolation_level = None
        yield db


def priv_data(server: ServerProcess, name: str) -> bytes:
    with database(server) as db:
        row = db.execute("SELECT priv_data FROM account_data WHERE username = ?", (name,))
        return bytes(row.fetchone()[0])


def set_priv_data(server: ServerProcess, name: str, blob: bytes) -> None:
    with database(server) as db:
        db.execute("UPDATE account_data SET priv_data = ? WHERE username = ?", (blob, name))


@pytest.fixture(scope="module")
def account(server: ServerProcess, tmp_path_factory: pytest.TempPathFactory) -> str:
    """One account (password "pw") whose server rows the tests change and put back."""
    address = f"t{uuid.uuid4().hex[:10]}#{server.host}"
    profile = tmp_path_factory.mktemp("owner")
    made = privshare(profile, "account", "create", address, password="correct horse battery")
    assert made.returncode == 0, made.stderr
    return address


@pytest.fixture
def fresh_profile(tmp_path: Path) -> Iterator[Path]:
    profile = tmp_path / "device"
    yield profile
    assert not (profile / "vault.bin").exists(), "a vault was written despite the failure"


def test_a1_modified_priv_data(server: ServerProcess, account: str, fresh_profile: Path) -> None:
    name = account.split("#")[0]
    original = priv_data(server, name)
    for position in (len(original) - 100, 50, len(original) - 1):  # ciphertext, header, sig
        changed = bytearray(original)
        changed[position] ^= 0x01
        set_priv_data(server, name, bytes(changed))
        try:
            result = privshare(fresh_profile, "login", account, password="correct horse battery")
        finally:
            set_priv_data(server, name, original)
        assert_tampering(result, "changed account data")
    assert (
        privshare(fresh_profile, "login", account, password="correct horse battery").returncode == 0
    )
    (fresh_profile / "vault.bin").unlink()  # the untampered login may write it
    (fresh_profile / "vault.bin.bak").unlink(missing_ok=True)


def test_a2_own_key_mismatch(server: ServerProcess, account: str, fresh_profile: Path) -> None:
    name = account.split("#")[0]
    with database(server) as db:
        query = "SELECT public_key FROM login_keys WHERE username = ?"
        (real,) = db.execute(query, (name,)).fetchone()
        db.execute("UPDATE login_keys SET public_key = ? WHERE username = ?", (OTHER_KEY, name))
    try:
        result = privshare(fresh_profile, "login", account, password="correct horse battery")
    finally:
        with database(server) as db:
            db.execute("UPDATE login_keys SET public_key = ? WHERE username = ?", (real, name))
    assert_tampering(result, "different key")


def test_a4_kdf_downgrade(server: ServerProcess, account: str, fresh_profile: Path) -> None:
    name = account.split("#")[0]
    original = priv_data(server, name)
    weakened = original[:6] + struct.pack(">I", 1000) + original[10:]
    set_priv_data(server, name, weakened)
    try:
        result = privshare(fresh_profile, "login", account, password="correct horse battery")
    finally:
        set_priv_data(server, name, original)
    assert_tampering(result, "below the safe minimum")


def test_a3_replayed_older_key_bundle(server: ServerProcess, tmp_path: Path) -> None:
    address = f"r{uuid.uuid4().hex[:10]}#{server.host}"
    name, device = address.split("#")[0], tmp_path / "device"
    assert (
        privshare(device, "account", "create", address, password="first pass phrase 1").returncode
        == 0
    )
    first = priv_data(server, name)
    changed = privshare(
        device, "passwd", password="first pass phrase 1", new_password="second pass phrase 2"
    )
    assert changed.returncode == 0, changed.stderr
    current = priv_data(server, name)
    assert current != first
    vault_before = (device / "vault.bin").read_bytes()

    set_priv_data(server, name, first)  # the server replays the counter-1 bundle
    try:
        result = privshare(device, "account", "info", password="second pass phrase 2")
    finally:
        set_priv_data(server, name, current)
    assert_tampering(result, "older than a version this device saw")
    assert (device / "vault.bin").read_bytes() == vault_before
    assert privshare(device, "account", "info", password="second pass phrase 2").returncode == 0
