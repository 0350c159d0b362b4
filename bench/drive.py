"""Privshare Drive throughput beside `rclone serve webdav` of a plain folder (issue 17).

Prints, in one run on one machine:
- write and read MiB/s of one file (256 MiB by default) through `privshare drive`
  (WebDAV PUT into the encrypted spool, then encrypted upload to `python -m server_stub`
  on loopback; GET streams the verified download), and the same bytes PUT to and GET
  from `rclone serve webdav` of a plain local folder on the same disk: ratio ours/rclone.

Both are driven by the same client, `curl` (`-T FILE` for PUT, `-o /dev/null` for GET),
best of `--rounds` alternating rounds. MALLOC_MMAP_THRESHOLD_=67108864 and
MALLOC_TRIM_THRESHOLD_=268435456 are set for this process and its children.

    .venv/bin/python bench/drive.py [--size-mib 256] [--rounds 2]
"""

from __future__ import annotations

import argparse
import os
import secrets
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_MALLOC = {"MALLOC_MMAP_THRESHOLD_": "67108864", "MALLOC_TRIM_THRESHOLD_": "268435456"}
if any(os.environ.get(k) != v for k, v in _MALLOC.items()):
    os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, **_MALLOC})

ROOT = Path(__file__).resolve().parents[1]
MIB = 1 << 20
PASSWORD = secrets.token_urlsafe(18)  # the account rule refuses guessable ones


def _ready_line(process: subprocess.Popen[bytes], prefix: bytes, timeout: float = 60) -> str:
    assert process.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    line, deadline = b"", time.monotonic() + timeout
    while not line.endswith(b"\n") and time.monotonic() < deadline:
        if selector.select(0.5):
            piece = process.stdout.read1(4096)  # type: ignore[attr-defined]
            if not piece:
                break
            line += piece
    selector.close()
    if not line.startswith(prefix):
        process.kill()
        raise SystemExit(f"bench/drive.py: no {prefix.decode()} line: {line!r}")
    return line.decode().strip().removeprefix(prefix.decode())


@contextmanager
def _running(command: list[str], env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if process.stdout is not None:
            process.stdout.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_listening(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise SystemExit(f"bench/drive.py: nothing listens on port {port}")


def _curl_seconds(*args: str) -> float:
    start = time.perf_counter()
    subprocess.run(["curl", "-sS", "-f", "--no-progress-meter", *args], check=True)
    return time.perf_counter() - start


def _rate(size_mib: int, seconds: list[float]) -> int:
    return round(size_mib / min(seconds))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mib", type=int, default=256)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    for tool in ("curl", "rclone"):
        if not shutil.which(tool):
            raise SystemExit(f"bench/drive.py: {tool} is missing: run scripts/sysdeps.sh --bench")
    with tempfile.TemporaryDirectory(prefix="bench-drive-") as temp:
        work = Path(temp)
        source = work / "file.bin"
        with source.open("wb") as out:
            for _ in range(args.size_mib):
                out.write(os.urandom(MIB))
        env = {k: v for k, v in os.environ.items() if not k.startswith("PRIVSHARE_")}
        env.update(PRIVSHARE_PASSWORD=PASSWORD, PRIVSHARE_OBJECTS_QUOTA=str(1 << 40), TMPDIR=temp)
        server_cmd = [sys.executable, "-m", "server_stub", "--data-dir", str(work / "srv")]
        with _running([*server_cmd, "--port", "0", "--open-registration"], env) as server:
            host = _ready_line(server, b"READY ").removeprefix("http://")
            profile = ["--profile", str(work / "profile")]
            subprocess.run(
                [sys.executable, "-m", "app", *profile, "account", "create", f"bench#{host}"],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
                stdin=subprocess.DEVNULL,
            )
            drive_cmd = [sys.executable, "-m", "app", *profile, "drive", "--port", "0"]
            with _running(drive_cmd, env) as drive:
                drive_url = _ready_line(drive, b"READY ")
                ours, peer = _measure(args, source, work, drive_url, env)
    w_ours, r_ours = ours
    w_peer, r_peer = peer
    size = args.size_mib
    print(
        f"write {size} MiB: drive {w_ours} MiB/s, rclone serve webdav {w_peer} MiB/s, "
        f"ratio {w_ours / w_peer:.2f}"
    )
    print(
        f"read {size} MiB: drive {r_ours} MiB/s, rclone serve webdav {r_peer} MiB/s, "
        f"ratio {r_ours / r_peer:.2f}"
    )
    return 0


def _measure(
    args: argparse.Namespace, source: Path, work: Path, drive_url: str, env: dict[str, str]
) -> tuple[tuple[int, int], tuple[int, int]]:
    plain = work / "plain"
    plain.mkdir()
    port, password = _free_port(), secrets.token_urlsafe(16)
    rclone = ["rclone", "serve", "webdav", str(plain), "--addr", f"127.0.0.1:{port}"]
    rclone += ["--user", "bench", "--pass", password]
    with _running(rclone, env):
        _wait_listening(port)
        peer_url = f"http://bench:{password}@127.0.0.1:{port}/"
        times: dict[str, list[float]] = {"dw": [], "dr": [], "pw": [], "pr": []}
        for round_ in range(args.rounds):
            for key, url in (("d", drive_url), ("p", peer_url)):
                target = f"{url}file-{round_}.bin"
                times[key + "w"].append(_curl_seconds("-T", str(source), "-o", os.devnull, target))
                times[key + "r"].append(_curl_seconds("-o", os.devnull, target))
    size = args.size_mib
    ours = (_rate(size, times["dw"]), _rate(size, times["dr"]))
    return ours, (_rate(size, times["pw"]), _rate(size, times["pr"]))


if __name__ == "__main__":
    sys.exit(main())
