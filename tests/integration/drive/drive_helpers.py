"""Helpers of the drive tests: `privshare drive` and `privshare` itself as subprocesses,
shares between two accounts, and a small WebDAV client over `requests`."""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

import requests
from server_harness import ROOT
from world import PASSWORD, Account

from app.services.files.service import FileService
from app.services.sharing.inbox import InboxService
from app.services.sharing.service import SharingService

READY_TIMEOUT = 60.0


def own_files(account: Account) -> FileService:
    return FileService(account.session.channel, account.session.vault)


def share_to(owner: Account, other: Account, path: str, *, write: bool = False) -> str:
    """Share `path` with `other` and accept it there; returns its /Shared path."""
    SharingService(owner.session, owner.connector).share(path, other.address, write=write)
    inbox = InboxService(other.session, other.connector)
    item = next(i for i in inbox.read().items if i.sender.address == owner.address)
    return f"/Shared/{inbox.accept(item.message_id).name}"


def cli_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRIVSHARE_")}
    env.update(PRIVSHARE_PASSWORD=PASSWORD, PYTHONUNBUFFERED="1", **extra)
    return env


def privshare(profile: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    command = [sys.executable, "-m", "app", "--profile", str(profile), *args]
    return subprocess.run(
        command,
        cwd=ROOT,
        env=cli_env(),
        capture_output=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )


def ok(result: subprocess.CompletedProcess[bytes]) -> str:
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    return result.stdout.decode()


@dataclass
class Drive:
    """A running `privshare drive`: its URL (with the run's credentials) and process."""

    url: str
    process: subprocess.Popen[bytes]
    temp_dir: Path
    stderr: str = ""

    @property
    def base(self) -> str:
        parts = urlsplit(self.url)
        return f"http://{parts.hostname}:{parts.port}"

    @property
    def auth(self) -> tuple[str, str]:
        parts = urlsplit(self.url)
        assert parts.username is not None and parts.password is not None
        return parts.username, parts.password

    def request(self, method: str, path: str, **options: object) -> requests.Response:
        options.setdefault("auth", self.auth)
        url = self.base + quote(path)
        return requests.request(method, url, timeout=120, **options)  # type: ignore[arg-type]

    def stop(self) -> int:
        """Ctrl-C, as a person stops it; returns the exit status (stderr kept)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            _, err = self.process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.communicate()
            raise
        self.stderr = err.decode(errors="replace")
        return self.process.returncode


def start_drive(profile: Path, temp_dir: Path) -> Drive:
    """`privshare --profile P drive --port 0` with TMPDIR (where the spool goes) in
    `temp_dir`; waits for its READY line."""
    temp_dir.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "app", "--profile", str(profile), "drive", "--port", "0"]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=cli_env(TMPDIR=str(temp_dir)),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + READY_TIMEOUT
    line = b""
    while time.monotonic() < deadline and not line.endswith(b"\n"):
        if selector.select(timeout=0.5):
            piece = process.stdout.read1(4096)  # type: ignore[attr-defined]
            if not piece:
                break
            line += piece
    selector.close()
    text = line.decode().strip()
    if not text.startswith("READY "):
        process.kill()
        _, err = process.communicate()
        raise AssertionError(f"no READY line from privshare drive: {text!r}\n{err.decode()}")
    return Drive(text.removeprefix("READY "), process, temp_dir)
