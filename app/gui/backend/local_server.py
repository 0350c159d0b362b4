"""The embedded server for "This computer": `python -m server_stub` as a child process.

It keeps its data in `<profile>/server`, listens on loopback only, and is stopped
(SIGTERM, then kill) when the window closes. The port is chosen by the system on the
first start and reused afterwards, so the account address `name#127.0.0.1:PORT` and the
pinned server key stay valid.
"""

from __future__ import annotations

import selectors
import subprocess
import sys
import time
from pathlib import Path

from app.services.errors import ServerUnreachableError

__all__ = ["LocalServer"]

READY_TIMEOUT = 30.0


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
        log = (self.data_dir / "server.log").open("ab")
        command = [self._python, "-m", "server_stub", "--data-dir", str(self.data_dir)]
        command += ["--host", "127.0.0.1", "--port", str(self.port), "--open-registration"]
        with log:
            self._process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=log)
        line = self._ready_line()
        if not line.startswith("READY http://"):
            self.stop()
            raise ServerUnreachableError(
                f"the local server did not start ({line}); see {self.data_dir / 'server.log'}"
            )
        self.url = line.split()[1]
        self.port = int(self.url.rsplit(":", 1)[1])
        return self.host

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
