"""A real Secret Service for tests: gnome-keyring on a private D-Bus session bus.

`dbus-run-session` starts a session bus and, inside it, `gnome-keyring-daemon
--foreground --unlock --components=secrets`, which creates and unlocks a "login"
keyring from the password on its standard input (headless: no prompt, no display). The
keyring files live in the test's own HOME; nothing touches the machine's keyrings.
Stopping ends gnome-keyring; dbus-run-session then stops its bus and exits.

    with secret_service(tmp_path) as keyring_env:
        subprocess.run([...], env=keyring_env.env)   # DBUS_SESSION_BUS_ADDRESS, HOME...
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection

SECRETS_NAME = "org.freedesktop.secrets"
START_TIMEOUT = 15.0
KEYRING_PASSWORD = b"test keyring password"


@dataclass
class SecretServiceSession:
    env: dict[str, str]
    home: Path
    daemon_pid: int

    @property
    def keyring_files(self) -> list[Path]:
        folder = self.home / ".local" / "share" / "keyrings"
        return sorted(folder.glob("*.keyring")) if folder.is_dir() else []


def _program(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise RuntimeError(f"{name} is not installed: run scripts/sysdeps.sh (as root)")
    return found


def _wait_for_secrets(address: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"dbus-run-session exited with {process.returncode}")
        with contextlib.suppress(OSError, ConnectionError):
            with open_dbus_connection(bus=address) as connection:
                reply = connection.send_and_get_reply(message_bus.NameHasOwner(SECRETS_NAME))
                if reply.body[0]:
                    return
        time.sleep(0.05)
    raise RuntimeError(f"gnome-keyring did not offer {SECRETS_NAME} in {START_TIMEOUT} s")


@contextlib.contextmanager
def secret_service(folder: Path) -> Iterator[SecretServiceSession]:
    home = folder / "home"
    runtime = folder / "run"
    home.mkdir(parents=True)
    runtime.mkdir(mode=0o700)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DBUS_", "GNOME_KEYRING"))}
    env.update(
        HOME=str(home), XDG_RUNTIME_DIR=str(runtime), XDG_DATA_HOME=str(home / ".local" / "share")
    )
    inner = (
        'echo "$$ $DBUS_SESSION_BUS_ADDRESS"; '
        f"exec {_program('gnome-keyring-daemon')} --foreground --unlock --components=secrets"
    )
    process = subprocess.Popen(
        [_program("dbus-run-session"), "--", "sh", "-c", inner],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    assert process.stdin is not None and process.stdout is not None
    daemon_pid = 0
    try:
        pid_text, address = process.stdout.readline().decode().split(" ", 1)
        daemon_pid = int(pid_text)
        process.stdin.write(KEYRING_PASSWORD)
        process.stdin.close()
        address = address.strip()
        _wait_for_secrets(address, process)
        yield SecretServiceSession(dict(env, DBUS_SESSION_BUS_ADDRESS=address), home, daemon_pid)
    finally:
        if daemon_pid and process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(daemon_pid, signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stdout.close()
