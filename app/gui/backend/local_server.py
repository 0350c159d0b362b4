"""The embedded server for "This computer": `python -m server_stub` as a child process.

It keeps its data in `<profile>/server`, listens on loopback only, and is stopped
(SIGTERM, then kill) when the window closes. The port is chosen by the system on the
first start and reused afterwards, so the account address `name#127.0.0.1:PORT` and the
pinned server key stay valid.

Registration is never open: the first account of this computer registers with a
one-time invitation (`invitation()`), so nobody else on the machine can sign up on it.
`server.pid` (the server's process id and the window's) lets the next start find the
server of a window that died without stopping it: an orphan whose window is gone is
stopped and replaced; one whose window still runs is left alone, and the start says so.
"""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path

from app.services.errors import ServerUnreachableError, ServiceError

__all__ = ["LocalServer"]

READY_TIMEOUT = 30.0
PID_FILE = "server.pid"


class LocalServer:
    """One child server process; `start()` blocks until it prints READY (run it in a worker)."""

    def __init__(self, profile_folder: Path, port: int = 0, *, python: str = sys.executable):
        self.data_dir = profile_folder / "server"
        self.port = port
        self._python = python
        self._process: subprocess.Popen[bytes] | None = None
        self.url = ""

    @property
    def host(self) -> str:
        """host:port as used in addresses (valid after `start`)."""
        return self.url.removeprefix("http://")

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self) -> str:
        """Start the server (once) and return its host:port."""
        if self.running:
            return self.host
        self.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        self._replace_orphan()
        log = (self.data_dir / "server.log").open("ab")
        command = [self._python, "-m", "server_stub", "--data-dir", str(self.data_dir)]
        command += ["--host", "127.0.0.1", "--port", str(self.port)]
        with log:
            self._process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=log)
        (self.data_dir / PID_FILE).write_text(f"{self._process.pid} {os.getpid()}\n")
        line = self._ready_line()
        if not line.startswith("READY http://"):
            self.stop()
            raise ServerUnreachableError(
                f"the local server did not start ({line}); see {self.data_dir / 'server.log'}"
            )
        self.url = line.split()[1]
        self.port = int(self.url.rsplit(":", 1)[1])
        return self.host

    def invitation(self) -> str:
        """A fresh one-time invitation token for this server's first account."""
        command = [self._python, "-m", "server_stub", "--data-dir", str(self.data_dir)]
        done = subprocess.run(
            [*command, "--new-invitation"], capture_output=True, text=True, timeout=60
        )
        token = done.stdout.strip()
        if done.returncode != 0 or not token:
            raise ServiceError(f"the local server made no invitation: {done.stderr.strip()}")
        return token

    def _replace_orphan(self) -> None:
        """Stop the server a dead window left running on this data folder."""
        try:
            server_pid, window_pid = map(int, (self.data_dir / PID_FILE).read_text().split())
        except (OSError, ValueError):
            return
        if not _is_server_of(server_pid, self.data_dir):
            return
        if window_pid != os.getpid() and _alive(window_pid):
            raise ServiceError(
                f"Privshare is already open on this profile (process {window_pid}): "
                "use that window, or close it first"
            )
        os.kill(server_pid, signal.SIGTERM)
        deadline = time.monotonic() + 10.0
        while _is_server_of(server_pid, self.data_dir):
            if time.monotonic() > deadline:
                os.kill(server_pid, signal.SIGKILL)
                deadline = time.monotonic() + 10.0
            time.sleep(0.05)

    def _ready_line(self) -> str:
        process = self._process
        assert process is not None and process.stdout is not None
        selector = selectors.DefaultSelector()
        selector.register(process.stdout, selectors.EVENT_READ)
        deadline = time.monotonic() + READY_TIMEOUT
        try:
            while time.monotonic() < deadline:
                if selector.select(timeout=0.1):
                    return process.stdout.readline().decode(errors="replace").strip()
                if process.poll() is not None:
                    return f"it exited with status {process.returncode}"
            return "no READY line in time"
        finally:
            selector.close()

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM, wait, then kill if it does not stop."""
        process, self._process = self._process, None
        if process is None:
            return
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if process.stdout is not None:
            process.stdout.close()
        (self.data_dir / PID_FILE).unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _is_server_of(pid: int, data_dir: Path) -> bool:
    """Whether `pid` is a running (not a zombie) `server_stub` on `data_dir`."""
    proc = Path(f"/proc/{pid}")
    if not proc.exists():
        return False  # gone (or no /proc to tell: never stop what we cannot name)
    try:
        state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
        arguments = (proc / "cmdline").read_bytes().split(b"\0")
    except (OSError, IndexError):
        return False
    return state != "Z" and b"server_stub" in arguments and str(data_dir).encode() in arguments
