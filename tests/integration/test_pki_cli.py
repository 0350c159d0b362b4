"""`privshare whois` and `privshare sign` as subprocesses against the real server, with
GnuPG as the independent oracle (`gpg --import` of the export, `gpg --verify` of the
signature), and the exit codes of the failures (issue 4 §1, §4)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from gpg_helpers import stop_gpg_agent
from pki_helpers import (
    RewritingConnector,
    first_keystore,
    free_port,
    fresh_name,
    key,
    register_user,
    substitute_keystore,
)
from server_harness import ROOT, ServerProcess

from app.cli.commands import pki as cmd_pki
from app.cli.main import main
from app.client.transport import HttpTransport
from app.crypto.ecc import PrivateKey
from app.pki import armor, openpgp
from app.services import pki
from app.services.connection import Connector
from app.vault import KDF_FLOOR, Vault

pytestmark = pytest.mark.integration

GPG = shutil.which("gpg")
needs_gpg = pytest.mark.skipif(
    GPG is None,
    reason="GnuPG (gpg) IS NOT INSTALLED: the whois/sign interop checks did NOT run "
    "(apt-get install gnupg, or `make sysdeps`)",
)
VAULT_PASSWORD = "vault password for the cli test"
EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_INTEGRITY, EXIT_UNREACHABLE = 0, 1, 2, 4, 5


def privshare(*args: str, password: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PRIVSHARE_PASSWORD"}
    if password is not None:
        env["PRIVSHARE_PASSWORD"] = password
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )


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
def gnupg_home(tmp_path: Path) -> Iterator[Path]:
    home = tmp_path / "gh"
    home.mkdir(mode=0o700)
    yield home
    stop_gpg_agent(home)


def account_vault(profile: Path, server: ServerProcess, name: str) -> tuple[Vault, PrivateKey]:
    """A vault for `name#host` (fast KDF), its identity key's private half."""
    vault, _ = Vault.create(profile, VAULT_PASSWORD, now=time.time(), kdf=KDF_FLOOR)
    vault.set_address(f"{name}#{server.host}")
    identity = vault.identity_key.private_key
    assert identity is not None
    return vault, identity


@needs_gpg
def test_whois_prints_the_proof_and_exports_for_gpg(
    server: ServerProcess, transport: HttpTransport, tmp_path: Path, gnupg_home: Path
) -> None:
    name = fresh_name("cli")
    address = f"{name}#{server.host}"
    keystore = first_keystore(key(name), address)
    pki.publish_keystore(register_user(server, transport, name), keystore)
    parsed = openpgp.parse_keystore(keystore)
    no_vault = tmp_path / "empty-profile"
    asc, binary = tmp_path / "key.asc", tmp_path / "key.gpg"

    done = privshare("--profile", str(no_vault), "whois", address, "--export", str(asc))
    assert done.returncode == EXIT_OK, done.stderr
    hexed = parsed.fingerprint.hex().upper()
    lines = done.stdout.splitlines()
    assert f"address      {address}" in lines
    assert f"fingerprint  {' '.join(re.findall('....', hexed))}" in lines
    assert f"check words  {' '.join(openpgp.check_words(parsed.fingerprint))}" in lines
    assert f"sink keys    {parsed.sink_keys[0].to_bytes().hex()}" in lines
    assert any(re.fullmatch(r"log head     size \d+, signed .* UTC", line) for line in lines)
    assert armor.dearmor(asc.read_text()) == keystore
    again = privshare("--profile", str(no_vault), "whois", address, "--export", str(binary))
    assert again.returncode == EXIT_OK, again.stderr
    assert binary.read_bytes() == keystore

    for exported in (asc, binary):
        assert gpg(gnupg_home, "--import", str(exported)).returncode == 0
    listing = gpg(gnupg_home, "--with-colons", "--list-keys").stdout
    assert f"fpr:::::::::{hexed}:" in listing
    assert address.replace(":", "\\x3a") in listing  # the user ID, colons escaped
    assert not no_vault.exists()  # no vault was made just to look someone up


@needs_gpg
def test_sign_is_verified_by_gpg(
    server: ServerProcess, transport: HttpTransport, tmp_path: Path, gnupg_home: Path
) -> None:
    name = fresh_name("signer")
    profile = tmp_path / "profile"
    vault, identity = account_vault(profile, server, name)
    address = vault.address
    vault.lock()
    keystore = first_keystore(identity, address)
    pki.publish_keystore(register_user(server, transport, name), keystore)
    document = tmp_path / "report.pdf"
    document.write_bytes(b"%PDF-1.7 quarterly numbers\n" * 100)

    signed = privshare("--profile", str(profile), "sign", str(document), password=VAULT_PASSWORD)
    assert signed.returncode == EXIT_OK, signed.stderr
    signature = tmp_path / "report.pdf.sig"
    exported = tmp_path / "signer.gpg"
    shown = privshare(
        "--profile",
        str(profile),
        "whois",
        address,
        "--export",
        str(exported),
        password=VAULT_PASSWORD,
    )
    assert shown.returncode == EXIT_OK, shown.stderr

    assert gpg(gnupg_home, "--import", str(exported)).returncode == 0
    verified = gpg(gnupg_home, "--verify", str(signature), str(document))
    fingerprint = openpgp.parse_keystore(keystore).fingerprint.hex().upper()
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert f"[GNUPG:] VALIDSIG {fingerprint} " in verified.stdout
    assert "[GNUPG:] GOODSIG" in verified.stdout
    document.write_bytes(document.read_bytes() + b"one more line\n")
    tampered = gpg(gnupg_home, "--verify", str(signature), str(document))
    assert tampered.returncode != 0 and "[GNUPG:] BADSIG" in tampered.stdout

    reopened = Vault.open(profile)
    reopened.unlock(VAULT_PASSWORD)
    assert reopened.server_key(server.host) is not None  # pinned in the vault
    assert reopened.pki_checkpoint(server.host) is not None  # and the log checkpoint
    reopened.lock()


def test_sign_refuses_a_log_that_shows_another_key(
    server: ServerProcess, transport: HttpTransport, tmp_path: Path
) -> None:
    name = fresh_name("victim")
    pki.publish_keystore(
        register_user(server, transport, name),
        first_keystore(key("what the server shows"), f"{name}#{server.host}"),
    )
    profile = tmp_path / "profile"
    account_vault(profile, server, name)[0].lock()
    document = tmp_path / "doc.txt"
    document.write_text("hello")
    refused = privshare("--profile", str(profile), "sign", str(document), password=VAULT_PASSWORD)
    assert refused.returncode == EXIT_INTEGRITY, refused.stderr
    assert "recovery phrase" in refused.stderr
    assert not (tmp_path / "doc.txt.sig").exists()


def test_whois_exit_codes(server: ServerProcess, tmp_path: Path) -> None:
    profile = str(tmp_path / "none")
    unknown = privshare("--profile", profile, "whois", f"nobody-x1#{server.host}")
    assert unknown.returncode == EXIT_USAGE, unknown.stderr
    assert unknown.stderr.strip() == (
        f"privshare: nobody is called nobody-x1#{server.host}: "
        "check the address with them (name#server)"
    )
    closed = privshare("--profile", profile, "whois", f"alice#127.0.0.1:{free_port()}")
    assert closed.returncode == EXIT_UNREACHABLE, closed.stderr
    malformed = privshare("--profile", profile, "whois", "no-hash-sign")
    assert malformed.returncode == EXIT_USAGE and "lacks '#'" in malformed.stderr
    no_vault = privshare("--profile", profile, "sign", str(tmp_path / "x"))
    assert no_vault.returncode == EXIT_ERROR


def test_whois_substituted_key_exits_4(
    server: ServerProcess,
    transport: HttpTransport,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The CLI's own code path with a server that swaps the keystore in its answer."""
    name = fresh_name("swap")
    address = f"{name}#{server.host}"
    pki.publish_keystore(register_user(server, transport, name), first_keystore(key(name), address))
    mallory = first_keystore(key("mallory"), address)
    monkeypatch.setattr(
        cmd_pki,
        "new_connector",
        lambda: RewritingConnector(transport, rewrite=substitute_keystore(mallory)),
    )
    code = main(["--profile", str(tmp_path / "none"), "whois", address])
    assert code == EXIT_INTEGRITY
    err = capsys.readouterr().err
    # one line, the same shape as the file checks' "tampering detected (PATH): ..."
    assert err.startswith(f"privshare: tampering detected (the keys of {address}): "), err
    assert err.count("\n") == 1


class FlippingTransport:
    """A network that flips the last bit of every answer from the endpoint: inside the
    encrypted channel it cannot rewrite the keystore, only break the records."""

    def __init__(self, inner: HttpTransport) -> None:
        self.inner = inner

    def post(self, url: str, body: bytes) -> bytes:
        answer = self.inner.post(url, body)
        return answer[:-1] + bytes([answer[-1] ^ 1])

    def get_json(self, url: str) -> dict[str, object]:
        return self.inner.get_json(url)


def test_whois_through_a_tampering_network_exits_4(
    server: ServerProcess,
    transport: HttpTransport,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(cmd_pki, "new_connector", lambda: Connector(FlippingTransport(transport)))
    code = main(["--profile", str(tmp_path / "none"), "whois", f"anyone#{server.host}"])
    assert code == EXIT_INTEGRITY
    assert "failed authentication" in capsys.readouterr().err
