"""Transfers through the real server on loopback, beside plain HTTP and `age` (issue 5 §6).

Prints, in one run on one machine:
- upload and download MiB/s of a 1 GiB file through `python -m server_stub` (encrypted
  chunks, PrivMX TLS records, SQLite + block files), and the same bytes sent by plain
  HTTP PUT to (and read back by GET from) an aiohttp endpoint writing to the same disk:
  ratio ours / plain (targets: upload >= 0.6, download >= 0.7);
- our chunk-format encryption of the file vs `age -r`: ratio (target >= 1.2);
- CPU milliseconds per MiB uploaded, in the server process and in the client process
  (where the time goes when the ratio is low: both share the machine's cores);
- peak RSS of the client process during the 1 GiB upload (target <= 150 MB) and during
  a 4 GiB upload (must not grow with size; `--no-4g` skips it);
- 1,000 files of 4 KiB uploaded: files/s; listing a folder of 10,000 entries: seconds,
  the first time and again (a fresh process: the profile's verified cache);
- the same big file, small files and wide folder through restic and rclone crypt
  (bench/_backup_peers.py; `--no-peers` skips them).

Each upload, download and listing runs in a fresh client process (this script with
`--client ...`), so its peak RSS (VmHWM) is its own. MALLOC_MMAP_THRESHOLD_=67108864
and MALLOC_TRIM_THRESHOLD_=268435456 are set for this process and its children (it
re-executes itself), for stable numbers on small VMs.

    .venv/bin/python bench/transfer.py [--size-mib 1024] [--big-mib 4096 | --no-4g]
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

_MALLOC = {"MALLOC_MMAP_THRESHOLD_": "67108864", "MALLOC_TRIM_THRESHOLD_": "268435456"}
if any(os.environ.get(k) != v for k, v in _MALLOC.items()):
    os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, **_MALLOC})

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _backup_peers import Peers, backup_peers, missing_tools  # noqa: E402

MIB = 1 << 20
PASSWORD = "bench-only: quartz lantern orbit 7391"
SERVER_ENV = {"PRIVSHARE_OBJECTS_QUOTA": str(1 << 40)}


# ---- helpers -----------------------------------------------------------------------


def peak_rss_mb(pid: int | str = "self") -> float:
    return _status_mb(pid, "VmHWM:")


def rss_mb(pid: int | str = "self") -> float:
    return _status_mb(pid, "VmRSS:")


def _status_mb(pid: int | str, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field):
            return int(line.split()[1]) / 1024
    return float("nan")


def make_file(path: Path, size_mib: int) -> None:
    block = os.urandom(MIB)
    with path.open("wb") as out:
        for index in range(size_mib):
            out.write(index.to_bytes(8, "big") + block[8:])  # distinct blocks, cheap to make


def read_ready(process: subprocess.Popen[bytes]) -> str:
    assert process.stdout is not None
    line = process.stdout.readline().decode().strip()
    if not line.startswith("READY "):
        raise SystemExit(f"did not start: {line!r}")
    return line.split()[1]


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of process `pid` so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def running(command: list[str], env: dict[str, str] | None = None) -> Iterator[tuple[str, int]]:
    """Start `command`; yields (the base URL it printed, its process id)."""
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
    )
    try:
        yield read_ready(process), process.pid
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(30)


def client(*args: str) -> dict[str, Any]:
    """Run one client action in a fresh process; returns what it printed (JSON)."""
    command = [sys.executable, str(Path(__file__).resolve()), "--client", *args]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"client {args[0]} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# ---- the client process --------------------------------------------------------------


def command_cost_main(profile: str, local: str) -> None:
    """The phases of one CLI command (a 1-byte put) in this fresh process, as JSON."""
    marks = [time.perf_counter()]
    import app.cli.main  # noqa: F401  (what `python -m app` loads before it runs a command)
    from app.client.transport import HttpTransport
    from app.services import account
    from app.services.connection import Connector
    from app.services.files.service import FileService
    from app.vault import Vault

    marks.append(time.perf_counter())
    vault = Vault.open(profile)
    vault.unlock(PASSWORD)
    marks.append(time.perf_counter())
    with HttpTransport() as transport:
        session = account.resume(vault, Connector(transport=transport, allow_http=True))
        marks.append(time.perf_counter())
        FileService(session.channel, session.vault).put([Path(local)], "/cost")
        marks.append(time.perf_counter())
    phases = [b - a for a, b in itertools.pairwise(marks)]
    print(json.dumps(dict(zip(["imports", "kdf", "login", "put"], phases, strict=True))))


def command_cost(work: Path, profile: Path, rounds: int = 5) -> None:
    """`python -m app put` of 1 byte, timed whole, beside its phases (issue 14): the
    medians of `rounds` alternating runs of each, and the whole command's CPU (user +
    system, which other work on the machine disturbs less than the wall time). Both run
    with a warm bytecode cache, as an installed app does (with PYTHONDONTWRITEBYTECODE
    set, every start compiles the app's modules again)."""
    local = work / "one-byte.txt"
    local.write_bytes(b"x")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env |= {"PRIVSHARE_PASSWORD": PASSWORD, "PYTHONPYCACHEPREFIX": str(work / "pycache")}
    command = [sys.executable, "-m", "app", "--profile", str(profile), "put", str(local), "/cost"]
    cost = [sys.executable, str(Path(__file__).resolve()), "--cost", str(profile), str(local)]
    for warm_up in (command, cost):
        subprocess.run(warm_up, cwd=ROOT, env=env, capture_output=True, check=False)
    wholes: list[float] = []
    cpus: list[float] = []
    runs: list[dict[str, float]] = []
    for _ in range(rounds):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        wholes.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if done.returncode != 0:
            raise SystemExit(f"privshare put failed:\n{done.stderr[-3000:]}")
        out = subprocess.run(cost, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    whole = statistics.median(wholes)
    phases = {name: statistics.median(run[name] for run in runs) for name in runs[0]}
    rest = whole - sum(phases.values())
    print(
        f"one CLI command (1-byte put): {whole:.2f} s = imports {phases['imports']:.2f} s + "
        f"vault KDF {phases['kdf']:.2f} s + login {phases['login']:.2f} s + put "
        f"{phases['put']:.2f} s + interpreter and exit {rest:.2f} s; CPU "
        f"{statistics.median(cpus):.2f} s (medians of {rounds} runs)"
    )


def client_main(argv: list[str]) -> None:
    from app.client.transport import HttpTransport
    from app.services import account
    from app.services.connection import Connector
    from app.services.files.service import FileService
    from app.vault import Vault

    action, profile, *rest = argv
    start_rss = rss_mb()
    vault = Vault.open(profile)
    vault.unlock(PASSWORD)
    with HttpTransport() as transport:
        session = account.resume(vault, Connector(transport=transport, allow_http=True))
        files = FileService(session.channel, session.vault)
        started = time.perf_counter()
        if action == "put":
            count = len(files.put([Path(p) for p in rest[:-1]], rest[-1]))
        elif action == "get":
            files.get(rest[0], Path(rest[1]))
            count = 1
        else:
            count = len(files.ls(rest[0]))
        seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime  # start-up included: small beside a transfer
    print(
        json.dumps(
            {
                "seconds": seconds,
                "count": count,
                "peak_rss_mb": peak_rss_mb(),
                "start_rss_mb": start_rss,
                "cpu": cpu,
            }
        )
    )


# ---- the plain HTTP baseline -----------------------------------------------------------


def plain_server_main(folder: str) -> None:
    """aiohttp: PUT /f streams the body to a file (fsync), GET /f streams it back."""
    import asyncio

    from aiohttp import web

    target = Path(folder) / "plain-upload.bin"

    async def put(request: web.Request) -> web.Response:
        with target.open("wb") as out:
            async for piece in request.content.iter_chunked(MIB):
                out.write(piece)
            out.flush()
            os.fsync(out.fileno())
        return web.Response(text="ok")

    async def get(request: web.Request) -> web.StreamResponse:
        return web.FileResponse(target, chunk_size=MIB)

    async def serve() -> None:
        app = web.Application(client_max_size=1 << 40)
        app.add_routes([web.put("/f", put), web.get("/f", get)])
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        print(f"READY http://127.0.0.1:{port}", flush=True)
        stop = asyncio.Event()
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
        await stop.wait()
        await runner.cleanup()

    asyncio.run(serve())


def plain_transfer(base: str, path: Path, back: Path) -> tuple[float, float]:
    import requests

    with requests.Session() as http:
        started = time.perf_counter()
        with path.open("rb") as body:
            http.put(f"{base}/f", data=body, timeout=600).raise_for_status()
        upload = time.perf_counter() - started
        started = time.perf_counter()
        with http.get(f"{base}/f", stream=True, timeout=600) as answer, back.open("wb") as out:
            answer.raise_for_status()
            for piece in answer.iter_content(MIB):
                out.write(piece)
            out.flush()
            os.fsync(out.fileno())
        download = time.perf_counter() - started
    return upload, download


# ---- the benchmark ---------------------------------------------------------------------


def create_account(base: str, profile: Path) -> None:
    from app.client.transport import HttpTransport
    from app.services import account
    from app.services.connection import Connector
    from app.vault import KDF_FLOOR, Profile

    host = base.removeprefix("http://")
    with HttpTransport() as transport:
        connector = Connector(transport=transport, allow_http=True)
        created = account.create(
            f"bench#{host}",
            PASSWORD,
            Profile(profile),
            connector,
            now=time.time(),
            vault_kdf=KDF_FLOOR,
        )
        created.session.close()


def big_transfers(work: Path, profile: Path, size_mib: int, server_pid: int) -> dict[str, float]:
    data = work / "big.bin"
    make_file(data, size_mib)
    server_cpu = cpu_seconds(server_pid)
    up = client("put", str(profile), str(data), "/bench")
    server_cpu = cpu_seconds(server_pid) - server_cpu
    out = work / "down"
    out.mkdir()
    down_cpu = cpu_seconds(server_pid)
    down = client("get", str(profile), "/bench/big.bin", str(out))
    down_cpu = cpu_seconds(server_pid) - down_cpu
    if (out / "big.bin").stat().st_size != data.stat().st_size:
        raise SystemExit("the downloaded file has the wrong size")
    (out / "big.bin").unlink()
    return {
        "up": size_mib / up["seconds"],
        "down": size_mib / down["seconds"],
        "rss": up["peak_rss_mb"],
        "down_rss": down["peak_rss_mb"],
        "server_ms": 1000 * server_cpu / size_mib,
        "client_ms": 1000 * up["cpu"] / size_mib,
        "down_server_ms": 1000 * down_cpu / size_mib,
        "down_client_ms": 1000 * down["cpu"] / size_mib,
    }


def plain_baseline(work: Path, size_mib: int) -> tuple[float, float]:
    data, back = work / "big.bin", work / "plain-back.bin"
    plain = [sys.executable, str(Path(__file__).resolve()), "--plain-server", str(work)]
    with running(plain) as (base, _):
        up, down = plain_transfer(base, data, back)
    back.unlink()
    (work / "plain-upload.bin").unlink()
    return size_mib / up, size_mib / down


def encryption_vs_age(work: Path, size_mib: int) -> None:
    from chunks import age_runner, best_of, ours

    data = work / "big.bin"
    mine = size_mib / best_of(2, lambda: ours(data, hash_blocks=False))
    with_ids = size_mib / best_of(2, lambda: ours(data))
    age = age_runner(work)
    if age is None:
        print(f"encrypt (chunk format): {mine:.0f} MiB/s; age -r: not installed")
        return
    theirs = size_mib / best_of(2, lambda: age(data))
    print(
        f"encrypt {size_mib} MiB: chunk format {mine:.0f} MiB/s (with BLAKE3 block ids "
        f"{with_ids:.0f}), age -r {theirs:.0f} MiB/s, ratio {mine / theirs:.2f} "
        "(target >= 1.2)"
    )


def small_files(work: Path, profile: Path, count: int, folder: str) -> float:
    source = make_small_files(work / folder, count)
    result = client("put", str(profile), str(source), "/")
    shutil.rmtree(source)
    return float(result["seconds"])


def make_small_files(source: Path, count: int) -> Path:
    source.mkdir()
    for index in range(count):
        (source / f"f{index:05d}.txt").write_bytes(os.urandom(4096))
    return source


def peers_big(peers: Peers | None, work: Path, mib: int, ours: dict[str, float]) -> None:
    """restic and rclone crypt on the same big file, beside our figures of this run."""
    if peers is None:
        return
    data = work / "big.bin"
    repository = peers.new_repository()
    backup = peers.restic_backup(repository, data)
    restore = peers.restic_restore(repository, work / "restic-back")
    shutil.rmtree(work / "restic-back")
    folder, copy_up = peers.rclone_up(data)
    copy_down = peers.rclone_down(folder, work / "rclone-back")
    shutil.rmtree(work / "rclone-back")
    print(
        f"upload {mib} MiB beside backup tools: privshare {ours['up']:.0f} MiB/s, restic backup "
        f"{mib / backup:.0f} MiB/s, rclone crypt copy {mib / copy_up:.0f} MiB/s"
    )
    print(
        f"download {mib} MiB beside backup tools: privshare {ours['down']:.0f} MiB/s, restic "
        f"restore {mib / restore:.0f} MiB/s, rclone crypt copy back {mib / copy_down:.0f} MiB/s"
    )


SMALL_ROUNDS = 3  # one run of 1,000 small files swings by a third between runs here


def small_files_beside_peers(peers: Peers | None, work: Path, profile: Path, count: int) -> None:
    """Our put and restic's backup of `count` new 4 KiB files, taking turns, the median of
    SMALL_ROUNDS each; rclone crypt once, on a fifth of them (it needs ~30 ms a file)."""
    ours: list[float] = []
    restic: list[float] = []
    for round_ in range(SMALL_ROUNDS):
        ours.append(small_files(work, profile, count, f"small{round_}"))
        if peers is not None:
            source = make_small_files(work / "peer-small", count)
            restic.append(peers.restic_backup(peers.new_repository(), source))
            shutil.rmtree(source)
    seconds = statistics.median(ours)
    print(
        f"{count} files of 4 KiB uploaded: {count / seconds:.0f} files/s ({seconds:.1f} s), "
        f"median of {SMALL_ROUNDS} rounds"
    )
    if peers is None:
        return
    few = make_small_files(work / "peer-few", max(1, count // 5))
    _, copy_up = peers.rclone_up(few)
    shutil.rmtree(few)
    rclone_count = max(1, count // 5)
    print(
        f"{count} files of 4 KiB beside backup tools: privshare {count / seconds:.0f} files/s, "
        f"restic backup {count / statistics.median(restic):.0f} files/s, rclone crypt copy "
        f"{rclone_count / copy_up:.0f} files/s ({rclone_count} files); privshare and restic: "
        f"medians of {SMALL_ROUNDS} rounds taking turns"
    )


def peers_listing(peers: Peers | None, work: Path, count: int, ours: float) -> None:
    if peers is None:
        return
    source = make_small_files(work / "peer-wide", count)
    repository = peers.new_repository()
    peers.restic_backup(repository, source)
    shutil.rmtree(source)
    seconds = min(peers.restic_ls(repository) for _ in range(2))
    print(
        f"listing {count} entries beside backup tools: privshare {ours:.2f} s, "
        f"restic ls {seconds:.2f} s"
    )


def run(args: argparse.Namespace) -> None:
    print(f"malloc: {' '.join(f'{k}={v}' for k, v in _MALLOC.items())}; cpus={os.cpu_count()}")
    with tempfile.TemporaryDirectory(prefix="privshare-bench-", dir=args.dir) as tmp:
        work = Path(tmp)
        server = [
            sys.executable,
            "-m",
            "server_stub",
            "--data-dir",
            str(work / "data"),
            "--port",
            "0",
            "--open-registration",
            "--log-level",
            "WARNING",
        ]
        with running(server, SERVER_ENV) as (base, server_pid), contextlib.ExitStack() as stack:
            peers = None
            if not args.no_peers and not missing_tools():
                peers = stack.enter_context(backup_peers(work))
            elif not args.no_peers:
                print(f"backup tools: {', '.join(missing_tools())} not installed (no peer lines)")
            profile = work / "profile"
            create_account(base, profile)
            if args.command_only:
                command_cost(work, profile)
                return
            mib = args.size_mib
            started = time.perf_counter()
            ours = big_transfers(work, profile, mib, server_pid)
            one_gib_seconds = time.perf_counter() - started
            plain_up, plain_down = plain_baseline(work, mib)
            peers_big(peers, work, mib, ours)
            print(
                f"upload {mib} MiB: privshare {ours['up']:.0f} MiB/s, plain HTTP PUT "
                f"{plain_up:.0f} MiB/s, ratio {ours['up'] / plain_up:.2f} (target >= 0.6)"
            )
            print(
                f"upload CPU per MiB: server {ours['server_ms']:.1f} ms, client "
                f"{ours['client_ms']:.1f} ms"
            )
            print(
                f"download {mib} MiB: privshare {ours['down']:.0f} MiB/s, plain HTTP GET "
                f"{plain_down:.0f} MiB/s, ratio {ours['down'] / plain_down:.2f} (target >= 0.7)"
            )
            print(
                f"download CPU per MiB: server {ours['down_server_ms']:.1f} ms, client "
                f"{ours['down_client_ms']:.1f} ms"
            )
            encryption_vs_age(work, mib)
            print(
                f"client peak RSS: {mib} MiB upload {ours['rss']:.0f} MB (target <= 150), "
                f"download {ours['down_rss']:.0f} MB"
            )
            (work / "big.bin").unlink()
            big_rss(work, profile, args, one_gib_seconds)
            small_files_beside_peers(peers, work, profile, args.small_files)
            command_cost(work, profile)
            small_files(work, profile, args.listing, "wide")
            listing = client("ls", str(profile), "/wide")
            again = client("ls", str(profile), "/wide")
            print(
                f"listing a folder of {listing['count']} entries: {listing['seconds']:.2f} s, "
                f"again {again['seconds']:.2f} s (targets 1.0 s, 0.2 s)"
            )
            peers_listing(peers, work, args.listing, listing["seconds"])


def big_rss(work: Path, profile: Path, args: argparse.Namespace, one_gib_seconds: float) -> None:
    estimate = one_gib_seconds * args.big_mib / args.size_mib
    if args.no_4g or (estimate > 180 and not args.force_4g):
        print(
            f"client peak RSS: {args.big_mib} MiB upload skipped (about {estimate:.0f} s; "
            "--force-4g runs it)"
        )
        return
    data = work / "huge.bin"
    make_file(data, args.big_mib)
    result = client("put", str(profile), str(data), "/bench-4g")
    data.unlink()
    print(
        f"client peak RSS: {args.big_mib} MiB upload {result['peak_rss_mb']:.0f} MB "
        f"({args.big_mib / result['seconds']:.0f} MiB/s)"
    )


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--cost":
        command_cost_main(sys.argv[2], sys.argv[3])
        return
    if len(sys.argv) > 1 and sys.argv[1] == "--client":
        client_main(sys.argv[2:])
        return
    if len(sys.argv) > 1 and sys.argv[1] == "--plain-server":
        plain_server_main(sys.argv[2])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--big-mib", type=int, default=4096)
    parser.add_argument("--no-4g", action="store_true", help="skip the 4 GiB upload")
    parser.add_argument("--force-4g", action="store_true", help="run it even if slow")
    parser.add_argument("--small-files", type=int, default=1000)
    parser.add_argument("--listing", type=int, default=10_000)
    parser.add_argument("--dir", default=None, help="work folder (default: system temp)")
    parser.add_argument("--no-peers", action="store_true", help="skip restic and rclone")
    parser.add_argument(
        "--command-only", action="store_true", help="only the cost of one CLI command"
    )
    run(parser.parse_args())


if __name__ == "__main__":
    main()
