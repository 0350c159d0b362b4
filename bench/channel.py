"""Channel benchmark: the real server process over loopback, one line per figure.

    .venv/bin/python bench/channel.py [--quick]

Figures: small-call round trips per second with 1 and 4 client threads (one shared
channel); the first call on a new channel (full `ecdhe` handshake + ticket batch +
call); an SRP login (includes the client's PBKDF2-SHA512 at 210,000 iterations); bulk
throughput of 1 MiB payloads through the channel (`bench.sink` RPC) against plain HTTP
POSTs of the same bytes to the same aiohttp server (`/bench/sink`), and their ratio
(interleaved rounds, median ratio: other processes on a shared machine skew both alike);
the same for large answers (8 MiB per call, as `blockGetMany` answers: `bench.source`
against a plain POST to `/bench/source` answering the same bytes), with the client's and
the server's CPU per MiB of each. The server runs with --bench, which adds those sinks
and sources. Targets on 2 cores: >= 1,000 small calls/s with 4 threads; channel bulk
>= 70% of plain HTTP.

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
    with server_process() as (base, _):
        yield base


@contextmanager
def server_process() -> Iterator[tuple[str, int]]:
    """`running_server`, yielding the base URL and the server's process id."""
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
            yield line.split()[1], process.pid
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


ROUNDS = 10


def cpu_seconds(pid: int) -> float:
    """User + system CPU of process `pid` so far (from /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def interleaved(
    actions: dict[str, Callable[[], object]], calls: int, server_pid: int
) -> dict[str, list[float]]:
    """Each action `calls` times in ROUNDS interleaved rounds, so that load from other
    processes on the machine hits all alike. Per action: the seconds of each round, and
    the client's and the server's CPU seconds in total (keys NAME/client, NAME/server)."""
    per_round = max(1, calls // ROUNDS)
    timings: dict[str, list[float]] = {}
    for action in actions.values():
        action()
    for _ in range(ROUNDS):
        for name, action in actions.items():
            client, server = time.process_time(), cpu_seconds(server_pid)
            started = time.perf_counter()
            for _ in range(per_round):
                action()
            timings.setdefault(name, []).append(time.perf_counter() - started)
            cpu = timings.setdefault(f"{name}/client", [0.0])
            cpu[0] += time.process_time() - client
            cpu = timings.setdefault(f"{name}/server", [0.0])
            cpu[0] += cpu_seconds(server_pid) - server
    return timings


def ratio_line(label: str, timings: dict[str, list[float]], target: str) -> None:
    ratios = [p / c for c, p in zip(timings["channel"], timings["plain"], strict=True)]
    print(
        f"{label}: {statistics.median(ratios):.0%} (median of {len(ratios)} "
        f"interleaved rounds, {min(ratios):.0%}..{max(ratios):.0%}{target})",
        flush=True,
    )


def bulk(channel: Channel, transport: HttpTransport, base: str, count: int, pid: int) -> None:
    """1 MiB payloads: channel calls and plain POSTs; the ratio is the median of the
    rounds' ratios."""
    payload = secrets.token_bytes(MIB)
    sink = base + "/bench/sink"
    actions: dict[str, Callable[[], object]] = {
        "channel": lambda: channel.call("bench.sink", data=payload),
        "plain": lambda: transport.post(sink, payload),
    }
    timings = interleaved(actions, count, pid)
    total = ROUNDS * max(1, count // ROUNDS)
    rate("bulk 1 MiB via channel", total, sum(timings["channel"]), "MiB/s")
    rate("bulk 1 MiB via plain HTTP POST", total, sum(timings["plain"]), "MiB/s")
    ratio_line("bulk ratio channel/plain", timings, "; target >= 70%")
    cpu_line("bulk", timings, total)


def large_answers(
    channel: Channel, transport: HttpTransport, base: str, count: int, pid: int
) -> None:
    """8 MiB answers (a `blockGetMany`'s size): channel calls and plain POSTs whose
    answer is the same number of bytes."""
    size = 8 * MIB

    def through_channel() -> None:
        if len(channel.call("bench.source", size=size)) != size:
            raise SystemExit("bench.source answered another size")

    source = base + "/bench/source"
    actions: dict[str, Callable[[], object]] = {
        "channel": through_channel,
        "plain": lambda: transport.post(source, str(size).encode()),
    }
    timings = interleaved(actions, count, pid)
    total = ROUNDS * max(1, count // ROUNDS)
    rate("large answers 8 MiB via channel", total * 8, sum(timings["channel"]), "MiB/s")
    rate("large answers 8 MiB via plain HTTP POST", total * 8, sum(timings["plain"]), "MiB/s")
    ratio_line("large-answer ratio channel/plain", timings, "")
    cpu_line("large answers", timings, total * 8)


def cpu_line(label: str, timings: dict[str, list[float]], mib: int) -> None:
    def per_mib(key: str) -> str:
        return f"{timings[key][0] / mib * 1000:.2f}"

    print(
        f"{label} CPU per MiB: channel client {per_mib('channel/client')} ms + server "
        f"{per_mib('channel/server')} ms, plain client {per_mib('plain/client')} ms + "
        f"server {per_mib('plain/server')} ms",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    quick = parser.parse_args().quick
    _ensure_malloc_settings()
    scale = 4 if quick else 1
    print(f"malloc: {' '.join(f'{k}={v}' for k, v in MALLOC.items())}; cpus={os.cpu_count()}")
    with server_process() as (base, pid), HttpTransport() as transport:
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
        bulk(channel, transport, base, 200 // scale, pid)
        large_answers(channel, transport, base, 40 // scale, pid)


if __name__ == "__main__":
    main()
