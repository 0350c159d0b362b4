"""The command-line encryption tools Privshare's file encryption is measured against.

Each `*_runner(workdir)` returns a function that encrypts a given file to /dev/null with
that tool (keys, recipients and passphrases prepared once, in `workdir`), or None when
the tool is not installed. They run on the same temp file as our chunk format, so the
figures compare encryption paths on the same bytes in the same run.

- `age -r`: X25519 recipient, ChaCha20-Poly1305 in 64 KiB chunks (authenticated).
- `openssl enc -aes-256-ctr` with a raw key and IV (-K/-iv, no password KDF): NOT
  authenticated, a lower bound for "just encrypt the bytes".
- `gpg --symmetric --cipher-algo AES256 --compress-algo none`: AES-256-CFB with the
  OpenPGP SHA-1 modification-detection code; the passphrase goes in on fd 0
  (--batch --pinentry-mode loopback), so the time includes gpg's calibrated S2K.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

Encrypt = Callable[[Path], None]

AGE = "age -r"
OPENSSL = "openssl enc -aes-256-ctr (not authenticated)"
GPG = "gpg --symmetric AES256, no compression"


def age_runner(workdir: Path) -> Encrypt | None:
    if not (shutil.which("age") and shutil.which("age-keygen")):
        return None
    identity = workdir / "age.key"
    subprocess.run(["age-keygen", "-o", str(identity)], check=True, capture_output=True)
    recipient = subprocess.run(
        ["age-keygen", "-y", str(identity)], check=True, capture_output=True, text=True
    ).stdout.strip()

    def run(path: Path) -> None:
        subprocess.run(["age", "-r", recipient, "-o", os.devnull, str(path)], check=True)

    return run


def openssl_runner(workdir: Path) -> Encrypt | None:
    del workdir  # the key and IV go on the command line; nothing to keep
    if not shutil.which("openssl"):
        return None
    key, iv = secrets.token_hex(32), secrets.token_hex(16)

    def run(path: Path) -> None:
        command = ["openssl", "enc", "-aes-256-ctr", "-K", key, "-iv", iv]
        subprocess.run([*command, "-in", str(path), "-out", os.devnull], check=True)

    return run


@contextmanager
def gpg_runner(workdir: Path) -> Iterator[Encrypt | None]:
    """gpg in its own home under `workdir`; its agent is stopped on exit."""
    if not shutil.which("gpg"):
        yield None
        return
    home = workdir / "gnupg"
    home.mkdir(mode=0o700)
    env = {**os.environ, "GNUPGHOME": str(home)}
    passphrase = secrets.token_hex(16).encode() + b"\n"
    command = [
        "gpg",
        "--batch",
        "--yes",
        "--quiet",
        "--pinentry-mode",
        "loopback",
        "--passphrase-fd",
        "0",
        "--no-symkey-cache",
        "--symmetric",
        "--compress-algo",
        "none",
        "--cipher-algo",
        "AES256",
        "-o",
        os.devnull,
    ]

    def run(path: Path) -> None:
        subprocess.run([*command, str(path)], input=passphrase, env=env, check=True)

    try:
        yield run
    finally:
        if shutil.which("gpgconf"):
            kill = ["gpgconf", "--kill", "gpg-agent"]
            subprocess.run(kill, env=env, check=False, capture_output=True)
