"""GnuPG interop: gpg imports our keystores, lists the expected packets, and verifies
detached signatures made by our identity key (DESIGN §7, issue 4 §1)."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from gpg_helpers import stop_gpg_agent

from app.crypto.ecc import PrivateKey
from app.pki import openpgp

GPG = shutil.which("gpg")
pytestmark = pytest.mark.skipif(
    GPG is None,
    reason="GnuPG (gpg) IS NOT INSTALLED: the OpenPGP interop checks did NOT run "
    "(apt-get install gnupg, or `make sysdeps`)",
)
T0 = 1_700_000_000
ID = PrivateKey.from_bytes(hashlib.sha256(b"interop identity").digest())
SINK = PrivateKey.from_bytes(hashlib.sha256(b"interop sink").digest())


def keystore() -> openpgp.Keystore:
    ks = openpgp.new_keystore(ID, "alice#example.org", created=T0)
    return openpgp.add_sink(ks, ID, SINK.public_key, created=T0 + 1)


def gpg(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert GPG is not None
    env = {**os.environ, "GNUPGHOME": str(home), "LC_ALL": "C"}
    return subprocess.run(
        [GPG, "--batch", "--no-tty", "--status-fd", "1", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def home(tmp_path: Path) -> Iterator[Path]:
    h = tmp_path / "gnupg"
    h.mkdir(mode=0o700)
    yield h
    stop_gpg_agent(h)


def test_gpg_imports_and_lists_our_keystore(home: Path, tmp_path: Path) -> None:
    ks = keystore()
    path = tmp_path / "alice.pgp"
    path.write_bytes(openpgp.emit_keystore(ks))
    imported = gpg(home, "--import", str(path))
    assert imported.returncode == 0, imported.stderr
    assert f"IMPORT_OK 1 {ks.fingerprint.hex().upper()}" in imported.stdout
    listing = gpg(home, "--list-packets", str(path)).stdout
    kinds = re.findall(r"^:(public key|user ID|signature|public sub key) packet:", listing, re.M)
    assert kinds == ["public key", "user ID", "signature", "public sub key", "signature"]
    assert re.findall(r"sigclass (0x[0-9a-f]{2})", listing) == ["0x13", "0x18"]
    assert "algo 19" in listing and "algo 18" in listing
    assert listing.count("secp256k1 (1.3.132.0.10)") == 2
    assert '"alice#example.org"' in listing
    keys = gpg(home, "--with-colons", "--fixed-list-mode", "--list-keys").stdout
    fprs = re.findall(r"^fpr:+([0-9A-F]{40}):", keys, re.M)
    assert fprs == [ks.fingerprint.hex().upper(), ks.subkeys[0].key.fingerprint.hex().upper()]
    assert re.search(r"^pub:[^:]*:256:19:" + ks.key_id.hex().upper(), keys, re.M)
    assert re.search(r"^sub:[^:]*:256:18:.*:e:", keys, re.M)


def test_gpg_imports_revisions_and_revocations(home: Path, tmp_path: Path) -> None:
    first = openpgp.emit_keystore(keystore())
    ks2 = openpgp.revoke_sink(keystore(), ID, keystore().subkeys[0].key.fingerprint, now=T0 + 5)
    rev2 = openpgp.succeed(first, ID, ks2, ID, now=T0 + 6)
    path = tmp_path / "rev2.pgp"
    path.write_bytes(openpgp.emit_keystore(rev2))
    assert gpg(home, "--import", str(path)).returncode == 0
    listing = gpg(home, "--list-packets", str(path)).stdout
    assert re.findall(r"sigclass (0x[0-9a-f]{2})", listing) == ["0x13", "0x18", "0x28"]
    assert "notation: continuity@privshare.invalid=[not human readable]" in listing
    keys = gpg(home, "--with-colons", "--list-keys").stdout
    assert re.search(r"^sub:r:", keys, re.M), keys
    dead = tmp_path / "dead.pgp"
    dead.write_bytes(openpgp.emit_keystore(openpgp.revoke_keystore(keystore(), ID, now=T0 + 9)))
    assert gpg(home, "--import", str(dead)).returncode == 0
    assert re.search(r"^pub:r:", gpg(home, "--with-colons", "--list-keys").stdout, re.M)


def test_gpg_verifies_our_detached_signature(home: Path, tmp_path: Path) -> None:
    ks = keystore()
    key_file, doc, sig = tmp_path / "k.pgp", tmp_path / "report.pdf", tmp_path / "report.pdf.sig"
    key_file.write_bytes(openpgp.emit_keystore(ks))
    assert gpg(home, "--import", str(key_file)).returncode == 0
    doc.write_bytes(os.urandom(10_000))
    sig.write_bytes(openpgp.sign_detached(ID, ks, doc.read_bytes(), created=T0 + 100))
    good = gpg(home, "--verify", str(sig), str(doc))
    assert good.returncode == 0, good.stderr
    assert f"VALIDSIG {ks.fingerprint.hex().upper()}" in good.stdout
    assert "GOODSIG" in good.stdout
    doc.write_bytes(doc.read_bytes() + b"!")
    bad = gpg(home, "--verify", str(sig), str(doc))
    assert bad.returncode != 0
    assert "BADSIG" in bad.stdout and "GOODSIG" not in bad.stdout
