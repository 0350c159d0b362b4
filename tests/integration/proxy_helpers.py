"""Real proxy processes on loopback: tinyproxy (HTTP, CONNECT) and microsocks (SOCKS5).

Both are Debian packages that scripts/sysdeps.sh installs. Each is started on a free
loopback port, waited for, and stopped (SIGTERM, then SIGKILL) by the context manager.

    with tinyproxy(tmp_path, user="alice", password="s3cret") as proxy:
        proxy.url                  # http://alice:s3cret@127.0.0.1:PORT
        proxy.log()                # what it logged (CONNECT lines...)
    with microsocks(user="alice", password="s3cret") as proxy:
        proxy.url                  # socks5h://alice:s3cret@127.0.0.1:PORT
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

START_TIMEOUT = 10.0


@dataclass
class RunningProxy:
    scheme: str
    port: int
    process: subprocess.Popen[bytes]
    log_path: Path | None
    credentials: str = ""

    @property
    def url(self) -> str:
        return f"{self.scheme}://{self.credentials}127.0.0.1:{self.port}"

    @property
    def shown(self) -> str:
        """The URL without credentials, as error messages may show it."""
        return f"{self.scheme}://127.0.0.1:{self.port}"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path else ""


def free_port() -> int:
    """A loopback port that was free a moment ago (for programs without port 0)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _program(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise RuntimeError(f"{name} is not installed: run scripts/sysdeps.sh (as root)")
    return found


def _wait_listening(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the proxy exited with {process.returncode} before listening")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.05)
    raise RuntimeError(f"the proxy did not listen on port {port} in {START_TIMEOUT} s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def tinyproxy(folder: Path, user: str = "", password: str = "") -> Iterator[RunningProxy]:
    """tinyproxy in the foreground: plain-http forwarding and CONNECT to any port."""
    port = free_port()
    log_path = folder / f"tinyproxy-{port}.log"
    lines = [
        f"Port {port}",
        "Listen 127.0.0.1",
        "Allow 127.0.0.1",
        "Timeout 30",
        "MaxClients 20",
        "LogLevel Connect",
        f'LogFile "{log_path}"',
        "DisableViaHeader Yes",
    ]  # no ConnectPort line: CONNECT may reach every port
    if user:
        lines.append(f"BasicAuth {user} {password}")
    config = folder / f"tinyproxy-{port}.conf"
    config.write_text("\n".join(lines) + "\n")
    process = subprocess.Popen(
        [_program("tinyproxy"), "-d", "-c", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    credentials = f"{user}:{password}@" if user else ""
    try:
        _wait_listening(port, process)
        yield RunningProxy("http", port, process, log_path, credentials)
    finally:
        _stop(process)


@contextlib.contextmanager
def microsocks(user: str = "", password: str = "") -> Iterator[RunningProxy]:
    """microsocks, a SOCKS5 server (user/password authentication when `user` is set)."""
    port = free_port()
    command = [_program("microsocks"), "-i", "127.0.0.1", "-p", str(port)]
    if user:
        command += ["-u", user, "-P", password]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    credentials = f"{user}:{password}@" if user else ""
    try:
        _wait_listening(port, process)
        yield RunningProxy("socks5h", port, process, None, credentials)
    finally:
        _stop(process)
