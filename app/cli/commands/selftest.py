"""`privshare --self-test`: prove that this installation works, without a window.

It starts the embedded server (`<this executable> -m server_stub`, exactly as the
desktop application's "This computer" does) in a temporary folder on a free loopback
port, creates an account there, uploads a file of random bytes, lists it, downloads it
and compares it byte for byte, stops the server (which must exit 0) and removes the
folder. Success prints one line on stdout and exits 0; a failure prints one line on
stderr naming the step and exits 1. It works from source (`python -m app --self-test`,
`privshare --self-test`) and from the PyInstaller bundle, whose entry understands
`-m server_stub` (packaging/entry.py).
"""

from __future__ import annotations

import argparse
import os
import selectors
import signal
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from app.services.selftest import RandBytes, SelfTestError, round_trip, step

if TYPE_CHECKING:
    import subprocess  # imported where a server is started: not at every command's start

__all__ = ["SAMPLE_SIZE", "add_option", "main", "run_self_test"]

SAMPLE_SIZE = 2 * 1024 * 1024 + 12_345  # three chunks, the last one partial
READY_TIMEOUT = 60.0
STOP_TIMEOUT = 15.0


@dataclass
class _ServerProcess:
    process: subprocess.Popen[bytes]
    host: str
    log: Path

    def stop(self) -> int:
        import subprocess

        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            return -signal.SIGKILL
        finally:
            if self.process.stdout is not None:
                self.process.stdout.close()


def server_command(python: str, data_dir: Path) -> list[str]:
    """How the embedded server is started: the same executable with `-m server_stub`."""
    return [
        *[python, "-m", "server_stub", "--data-dir", str(data_dir)],
        *["--host", "127.0.0.1", "--port", "0", "--open-registration", "--log-level", "WARNING"],
    ]


def _start_server(python: str, data_dir: Path) -> _ServerProcess:
    import subprocess

    data_dir.mkdir(mode=0o700, parents=True)
    log = data_dir.parent / "server-stderr.log"
    with log.open("wb") as stderr:
        process = subprocess.Popen(
            server_command(python, data_dir), stdout=subprocess.PIPE, stderr=stderr
        )
    line = _first_line(process)
    if not line.startswith("READY http://"):
        process.kill()
        process.wait()
        if process.stdout is not None:
            process.stdout.close()
        tail = log.read_text(errors="replace").strip().splitlines()[-1:] or ["(no output)"]
        raise SelfTestError("start server", f"{line}; last log line: {tail[0][:200]}")
    return _ServerProcess(process, line.split()[1].removeprefix("http://"), log)


def _first_line(process: subprocess.Popen[bytes]) -> str:
    assert process.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + READY_TIMEOUT
    try:
        while time.monotonic() < deadline:
            if selector.select(timeout=0.1):
                line = process.stdout.readline().decode(errors="replace").strip()
                if line:
                    return line
                return f"the server exited with status {process.wait(READY_TIMEOUT)}"  # EOF
            if process.poll() is not None:
                return f"the server exited with status {process.returncode}"
        return f"no READY line within {READY_TIMEOUT:.0f} s"
    finally:
        selector.close()


def run_self_test(
    *, python: str = sys.executable, randbytes: RandBytes = os.urandom, workdir: Path | None = None
) -> float:
    """Run every step in a temporary folder; return the seconds taken (`SelfTestError`)."""
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="privshare-selftest-", dir=workdir) as folder:
        root = Path(folder)
        with step("start server"):
            server = _start_server(python, root / "server")
        try:
            with step("client"):
                round_trip(server.host, root, SAMPLE_SIZE, randbytes)
        finally:
            status = server.stop()
        if status != 0:
            raise SelfTestError("stop server", f"the server exited with status {status}")
    return time.monotonic() - started


def main(*, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run the self-test, print one line, return the exit status."""
    try:
        seconds = run_self_test()
    except SelfTestError as error:
        print(f"privshare self-test FAILED at {error}", file=err or sys.stderr, flush=True)
        return 1
    size = SAMPLE_SIZE / (1024 * 1024)
    print(
        f"privshare self-test passed: embedded server, account, upload, download and "
        f"byte-for-byte check of {size:.1f} MiB in {seconds:.1f} s",
        file=out or sys.stdout,
        flush=True,
    )
    return 0


class _SelfTestAction(argparse.Action):
    """`--self-test`: like `--version`, runs at once and exits with the test's status."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        kwargs.setdefault("help", "check this installation end to end (no window) and exit")
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *args: Any) -> None:
        parser.exit(main())


def add_option(parser: argparse.ArgumentParser) -> None:
    """Add `--self-test` to the top-level parser."""
    parser.add_argument("--self-test", action=_SelfTestAction)
