"""Start and stop the real server process (`python -m server_stub`) on port 0."""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
READY_TIMEOUT = 20.0


@dataclass
class ServerProcess:
    """A running server: its base URL, data directory, process and log file."""

    url: str
    data_dir: Path
    process: subprocess.Popen[bytes]
    log_path: Path
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def host(self) -> str:
        return self.url.removeprefix("http://")

    @property
    def endpoint(self) -> str:
        return self.url + "/privmx/api/v1"

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return f"<{self.log_path} was removed with its temporary directory>"

    def log_size(self) -> int:
        """Where the log ends now, for `log_since`."""
        return self.log_path.stat().st_size

    def log_since(self, offset: int) -> str:
        """What the server logged after `log_size()` returned `offset`."""
        with self.log_path.open("rb") as log:
            log.seek(offset)
            return log.read().decode(errors="replace")

    def stop(self, timeout: float = 30.0) -> int:
        """SIGTERM, then wait; returns the exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise
        finally:
            self.close_pipe()

    def kill(self) -> None:
        """SIGKILL, as a crash would; waits for the process to be gone."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        self.close_pipe()

    def close_pipe(self) -> None:
        if self.process.stdout is not None and not self.process.stdout.closed:
            self.process.stdout.close()


RUNNING: list[ServerProcess] = []


def start_server(data_dir: Path, *args: str) -> ServerProcess:
    """Start `python -m server_stub` and wait for its READY line."""
    log_path = data_dir.parent / f"{data_dir.name}-stderr-{len(RUNNING)}.log"
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    command = [sys.executable, "-m", "server_stub", "--data-dir", str(data_dir), "--port", "0"]
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [*command, *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=log, env=env
        )
    assert process.stdout is not None
    line = _read_line(process, READY_TIMEOUT)
    if not line.startswith("READY http://"):
        process.kill()
        process.wait()
        raise RuntimeError(f"server did not start: {line!r}\n{log_path.read_text()}")
    server = ServerProcess(line.split()[1], data_dir, process, log_path)
    RUNNING.append(server)
    return server


def _read_line(process: subprocess.Popen[bytes], timeout: float) -> str:
    assert process.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if selector.select(timeout=0.1):
            return process.stdout.readline().decode(errors="replace").strip()
        if process.poll() is not None:
            return f"<exited with {process.returncode}>"
    return "<timed out>"
