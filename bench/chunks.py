"""File encryption speed: our chunk format vs age, openssl and gpg, on one temp file.

All of them read the same temp file (warm page cache) and write to /dev/null, so the
figures compare the encryption paths rather than disk speed. Ours includes the block
format; a second figure adds the BLAKE3 block id per block that an upload needs (SHA-256
before BLAKE3 block ids: app/fs/FORMAT.md §3). Peers
(bench/_peers.py): `age -r`, `openssl enc -aes-256-ctr` (not authenticated),
`gpg --symmetric --cipher-algo AES256 --compress-algo none`, and raw AES-256-GCM on the
same chunks (cryptography). Contenders alternate within each round (best of 3 rounds),
so load from other processes hits them alike. Run with
`.venv/bin/python bench/chunks.py [MiB]` (default 256). It sets
MALLOC_MMAP_THRESHOLD_=67108864 and MALLOC_TRIM_THRESHOLD_=268435456 (re-executing
itself) for stable numbers on small VMs.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

_MALLOC = {"MALLOC_MMAP_THRESHOLD_": "67108864", "MALLOC_TRIM_THRESHOLD_": "268435456"}
if any(os.environ.get(k) != v for k, v in _MALLOC.items()):
    os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, **_MALLOC})

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _peers import AGE, GPG, OPENSSL, age_runner, gpg_runner, openssl_runner  # noqa: E402
from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # noqa: E402

from app.fs import DEFAULT_CHUNK_SIZE, ContentEncryptor, ContentKeys  # noqa: E402
from app.wire.objects import BLAKE3  # noqa: E402

__all__ = ["age_runner", "best_of", "ours", "raw_aes_gcm"]  # bench/transfer.py uses them

MIB = 1 << 20


def best_of(runs: int, action: Callable[[], None]) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def ours(path: Path, hash_blocks: bool = True) -> None:
    keys = ContentKeys.generate(block_hash=BLAKE3)  # what an upload to a current server does
    encryptor = ContentEncryptor(keys, hash_blocks=hash_blocks)
    with path.open("rb") as source, open(os.devnull, "wb") as sink:
        encryptor.write_to(source, sink)


def raw_aes_gcm(path: Path) -> None:
    aead = AESGCM(os.urandom(32))
    chunk = memoryview(bytearray(DEFAULT_CHUNK_SIZE))
    out = memoryview(bytearray(DEFAULT_CHUNK_SIZE + 16))
    index = 0
    with path.open("rb") as source, open(os.devnull, "wb") as sink:
        while length := source.readinto(chunk):
            aead.encrypt_into(index.to_bytes(12, "big"), chunk[:length], b"", out[: length + 16])
            sink.write(out[: length + 16])
            index += 1


ROUNDS = 3
OURS, WITH_IDS, RAW = "ours", "ids", "raw"


def peers(workdir: Path, stack: ExitStack) -> dict[str, Callable[[Path], None] | None]:
    """Every peer, None where its command is not installed."""
    return {
        AGE: age_runner(workdir),
        OPENSSL: openssl_runner(workdir),
        GPG: stack.enter_context(gpg_runner(workdir)),
    }


def race(path: Path, contenders: dict[str, Callable[[Path], None]]) -> dict[str, float]:
    """Seconds, best of ROUNDS, with the contenders alternating within each round."""
    best = dict.fromkeys(contenders, float("inf"))
    for _ in range(ROUNDS):
        for name, action in contenders.items():
            start = time.perf_counter()
            action(path)
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def main() -> None:
    size_mib = int(sys.argv[1]) if len(sys.argv) > 1 else 256
    with tempfile.TemporaryDirectory(prefix="privshare-bench-") as tmp, ExitStack() as stack:
        workdir = Path(tmp)
        path = workdir / "plain.bin"
        with path.open("wb") as out:
            for _ in range(size_mib):
                out.write(os.urandom(MIB))
        print(
            f"chunks: {size_mib} MiB file, {DEFAULT_CHUNK_SIZE // MIB} MiB chunks, "
            f"best of {ROUNDS} alternating rounds"
        )
        available = peers(workdir, stack)
        contenders: dict[str, Callable[[Path], None]] = {
            OURS: lambda p: ours(p, hash_blocks=False),
            WITH_IDS: ours,
            RAW: raw_aes_gcm,
            **{name: run for name, run in available.items() if run is not None},
        }
        speeds = {name: size_mib / seconds for name, seconds in race(path, contenders).items()}
        print(f"  privshare chunk format:                  {speeds[OURS]:8.0f} MiB/s")
        print(f"  ... plus BLAKE3 block ids (upload path):  {speeds[WITH_IDS]:7.0f} MiB/s")
        print(f"  raw AES-256-GCM, same chunks:            {speeds[RAW]:8.0f} MiB/s")
        print(f"  ratio ours / raw AES-GCM: {speeds[OURS] / speeds[RAW]:.2f}")
        for name, run in available.items():
            if run is None:
                print(f"  {name}: skipped (command not installed; make sysdeps installs it)")
                continue
            target = " (target >= 1.2)" if name == AGE else ""
            print(f"  {name}: {speeds[name]:.0f} MiB/s")
            print(f"  ratio ours / {name}: {speeds[OURS] / speeds[name]:.2f}{target}")
            print(f"  ratio ours with block ids / {name}: {speeds[WITH_IDS] / speeds[name]:.2f}")


if __name__ == "__main__":
    main()
