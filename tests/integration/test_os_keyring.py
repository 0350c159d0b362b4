"""'Remember on this device' through a real OS keyring: SecretService (gnome-keyring on a
private D-Bus session, unlocked headless), started by the test and stopped after.

The vault's device key goes into gnome-keyring through the `keyring` package's
SecretService backend (the one a Linux desktop uses); then `privshare` opens the account
without any password, from the keyring alone. Without the keyring running, it falls back
to asking for the password.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from keyring_helpers import secret_service
from server_harness import ROOT, ServerProcess

pytestmark = [pytest.mark.integration, pytest.mark.slow]

PASSWORD = "correct horse battery staple"

REMEMBER = """
import sys, keyring
from app.vault import Vault
from app.vault.keystore import KEYRING_SERVICE, check_backend
backend = keyring.get_keyring()
check_backend(backend)  # the real backend passes Privshare's own check
vault = Vault.open(sys.argv[1])
vault.unlock(sys.argv[2])
vault.remember_on_device(sys.argv[3] == "on")
stored = backend.get_credential(KEYRING_SERVICE, None)  # any entry of Privshare's
print(type(backend).__module__, type(backend).__name__, stored is not None)
"""


def python(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def without_secrets(env: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in env.items() if not k.startswith("PRIVSHARE_")}


def test_remember_on_this_device_with_gnome_keyring(server: ServerProcess, tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    address = f"u{uuid.uuid4().hex[:10]}#{server.host}"
    with secret_service(tmp_path / "session") as session:
        env = without_secrets(session.env)
        made = python(
            dict(env, PRIVSHARE_PASSWORD=PASSWORD),
            "-m",
            "app",
            "--profile",
            str(profile),
            "account",
            "create",
            address,
        )
        assert made.returncode == 0, made.stderr

        remembered = python(env, "-c", REMEMBER, str(profile), PASSWORD, "on")
        assert remembered.returncode == 0, remembered.stderr
        assert remembered.stdout.split() == ["keyring.backends.SecretService", "Keyring", "True"]
        assert session.keyring_files, "gnome-keyring stored nothing on disk"

        info = python(env, "-m", "app", "--profile", str(profile), "account", "info")
        assert info.returncode == 0, info.stderr  # no password given: the keyring opened it
        assert address in info.stdout

        forgotten = python(env, "-c", REMEMBER, str(profile), PASSWORD, "off")
        assert forgotten.returncode == 0, forgotten.stderr
        assert forgotten.stdout.split()[-1] == "False"
        asks = python(env, "-m", "app", "--profile", str(profile), "account", "info")
        assert asks.returncode == 1 and "PRIVSHARE_PASSWORD" in asks.stderr, asks.stderr

        python(env, "-c", REMEMBER, str(profile), PASSWORD, "on")
    # gnome-keyring is gone: the remembered vault falls back to the password
    no_keyring = python(env, "-m", "app", "--profile", str(profile), "account", "info")
    assert no_keyring.returncode == 1 and "PRIVSHARE_PASSWORD" in no_keyring.stderr
    with_password = python(
        dict(env, PRIVSHARE_PASSWORD=PASSWORD),
        "-m",
        "app",
        "--profile",
        str(profile),
        "account",
        "info",
    )
    assert with_password.returncode == 0, with_password.stderr
    assert not os.path.exists(f"/proc/{session.daemon_pid}"), "gnome-keyring was left running"
