"""Channel benchmark: the real server process over loopback, one line per figure.

    .venv/bin/python bench/channel.py [--quick]

Figures: small-call round trips per second with 1 and 4 client threads (one shared
channel); the first call on a new channel (full `ecdhe` handshake + ticket batch +
call); an SRP login (includes the client's PBKDF2-SHA512 at 210,000 iterations); bulk
throughput of 1 MiB payloads through the channel (`bench.sink` RPC) against plain HTTP
POSTs of the same bytes to the same aiohttp server (`/bench/sink`), and their ratio
(interleaved rounds, median ratio: other processes on a shared machine skew both alike).
The server runs with --bench, which adds those two sinks. Targets on 2 cores: >= 1,000
small calls/s with 4 threads; channel bulk >= 70% of plain HTTP.

glibc malloc thresholds are set as the Makefile sets them (environment notes: fresh
large buffers are slow on these VMs); the script re-executes itself to apply them.
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.client.channel import Channel  # noqa: E402
from app.client.discovery import discover  # noqa: E402
from app.client.transport import HttpTransport  # noqa: E402
from app.crypto import kdf, srp  # noqa: E402

MALLOC = {"MALLOC_MMAP_THRESHOLD_": "67108864", "MALLOC_TRIM_THRESHOLD_": "268435456"}
MIB = 1024 * 1024


def _ensure_malloc_settings() -> None:
    if all(os.environ.get(key) == value for key, value in MALLOC.items()):
        return
    os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, **MALLOC})


@contextmanager
def running_server() -> Iterator[str]:
    """Start `python -m server_stub --bench --open-registration`; yield its base URL."""
    with tempfile.TemporaryDirectory(prefix="privshare-bench-") as tmp:
        command = [sys.executable, "-m", "server_stub", "--data-dir", f"{tmp}/data"]
        args = ["--port", "0", "--bench", "--open-registration"]
        process = subprocess.Popen(
            [*command, *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        try:
            assert process.stdout is not None
            line = process.stdout.readline().decode().strip()
            if not line.startswith("READY "):
                raise SystemExit(f"server did not start: {line!r}")
            yield line.split()[1]
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(10)


def rate(label: str, count: int, seconds: float, unit: str) -> float:
    value = count / seconds
    print(f"{label}: {value:,.0f} {unit} ({count} in {seconds:.2f} s)", flush=True)
    return value


def small_calls(channel: Channel, threads: int, per_thread: int) -> float:
    barrier = threading.Barrier(threads + 1)

    def worker() -> None:
        barrier.wait()
        for _ in range(per_thread):
            channel.call("ping")

    workers = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in workers:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in workers:
        thread.join()
    elapsed = time.perf_counter() - started
    label = f"small calls, {threads} thread{'s' if threads > 1 else ''}"
    return rate(label, threads * per_thread, elapsed, "calls/s")


def median_ms(label: str, action: Callable[[], object], repeat: int) -> None:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    print(f"{label}: median {statistics.median(times):.1f} ms (n={repeat})", flush=True)


def register(channel: Channel, username: str, password: str) -> None:
    group, iterations = srp.RFC5054_2048, 210_000
    salt, kdf_salt = secrets.token_bytes(16), secrets.token_bytes(16)
    secret = kdf.pbkdf2_sha512(
        unicodedata.normalize("NFC", password).encode(), kdf_salt, iterations, 32
    )
    verifier = srp.make_verifier(group, username.encode(), secret, salt)
    kdf_params = {"algorithm": "PBKDF2-SHA512", "iterations": iterations, "salt": kdf_salt}
    channel.call(
        "register",
        username=username,
        group=group.name,
        salt=salt,
        verifier=group.pad(verifier),
        kdf=kdf_params,
    )


def bulk(channel: Channel, transport: HttpTransport, base: str, count: int) -> None:
    """Channel and plain POSTs in interleaved rounds, so that load from other processes
    on the machine hits both alike; the ratio is the median of the rounds' ratios."""
    payload = secrets.token_bytes(MIB)
    rounds = 10
    per_round = max(1, count // rounds)
    sink = base + "/bench/sink"
    timings: dict[str, list[float]] = {"channel": [], "plain": []}
    actions = {
        "channel": lambda: channel.call("bench.sink", data=payload),
        "plain": lambda: transport.post(sink, payload),
    }
    for action in actions.values():
        action()
    for _ in range(rounds):
        for name, action in actions.items():
            started = time.perf_counter()
            for _ in range(per_round):
                action()
            timings[name].append(time.perf_counter() - started)
    total = rounds * per_round
    rate("bulk 1 MiB via channel", total, sum(timings["channel"]), "MiB/s")
    rate("bulk 1 MiB via plain HTTP POST", total, sum(timings["plain"]), "MiB/s")
    ratios = [p / c for c, p in zip(timings["channel"], timings["plain"], strict=True)]
    print(
        f"bulk ratio channel/plain: {statistics.median(ratios):.0%} (median of {rounds} "
        f"interleaved rounds, {min(ratios):.0%}..{max(ratios):.0%}; target >= 70%)",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    quick = parser.parse_args().quick
    _ensure_malloc_settings()
    scale = 4 if quick else 1
    print(f"malloc: {' '.join(f'{k}={v}' for k, v in MALLOC.items())}; cpus={os.cpu_count()}")
    with running_server() as base, HttpTransport() as transport:
        config = discover(base.removeprefix("http://"), transport)

        def new_channel() -> Channel:
            return Channel(transport, config.endpoint, config.server_key)

        channel = new_channel()
        for _ in range(50):  # warm-up: connections, ticket pool, code paths
            channel.call("ping")
        small_calls(channel, 1, 2000 // scale)
        small_calls(channel, 4, 1000 // scale)
        median_ms(
            "new channel: ecdhe + tickets + first call",
            lambda: new_channel().call("ping"),
            40 // scale,
        )
        register(channel, "bench", "bench password")
        median_ms(
            "SRP login (incl. PBKDF2 210k)",
            lambda: new_channel().login_srp("bench", "bench password"),
            8 // scale,
        )
        bulk(channel, transport, base, 200 // scale)


if __name__ == "__main__":
    main()
