"""Chunk-format encryption speed: ours vs `age -r` vs raw AES-256-GCM, on one 256 MiB file.

All three read the same temp file (warm page cache) and write to /dev/null, so the
figures compare the encryption paths rather than disk speed. Ours includes what an
upload needs: the block format and a SHA-256 block id per block. Run with
`.venv/bin/python bench/chunks.py [MiB]`. It sets MALLOC_MMAP_THRESHOLD_=67108864 and
MALLOC_TRIM_THRESHOLD_=268435456 (re-executing itself) for stable numbers on small VMs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

_MALLOC = {"MALLOC_MMAP_THRESHOLD_": "67108864", "MALLOC_TRIM_THRESHOLD_": "268435456"}
if any(os.environ.get(k) != v for k, v in _MALLOC.items()):
    os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, **_MALLOC})

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # noqa: E402

from app.fs import DEFAULT_CHUNK_SIZE, ContentEncryptor, ContentKeys  # noqa: E402

MIB = 1 << 20


def best_of(runs: int, action: Callable[[], None]) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def ours(path: Path, hash_blocks: bool = True) -> None:
    encryptor = ContentEncryptor(ContentKeys.generate(), hash_blocks=hash_blocks)
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


def age_runner(workdir: Path) -> Callable[[Path], None] | None:
    if not (shutil.which("age") and shutil.which("age-keygen")):
        return None
    identity = workdir / "age.key"
    subprocess.run(["age-keygen", "-o", str(identity)], check=True, capture_output=True)
    recipient = subprocess.run(
        ["age-keygen", "-y", str(identity)], check=True, capture_output=True, text=True
    ).stdout.strip()

    def run(path: Path) -> None:
        subprocess.run(["age", "-r", recipient, "-o", os.devnull, str(path)], check=True)

    return run


def main() -> None:
    size_mib = int(sys.argv[1]) if len(sys.argv) > 1 else 256
    with tempfile.TemporaryDirectory(prefix="privshare-bench-") as tmp:
        workdir = Path(tmp)
        path = workdir / "plain.bin"
        with path.open("wb") as out:
            for _ in range(size_mib):
                out.write(os.urandom(MIB))
        print(f"chunks: {size_mib} MiB file, {DEFAULT_CHUNK_SIZE // MIB} MiB chunks, best of 3")
        speeds = {
            "ours": size_mib / best_of(3, lambda: ours(path, hash_blocks=False)),
            "ids": size_mib / best_of(3, lambda: ours(path)),
            "raw": size_mib / best_of(3, lambda: raw_aes_gcm(path)),
        }
        print(f"  privshare chunk format:                  {speeds['ours']:8.0f} MiB/s")
        print(f"  ... plus SHA-256 block ids (upload path): {speeds['ids']:7.0f} MiB/s")
        print(f"  raw AES-256-GCM, same chunks:            {speeds['raw']:8.0f} MiB/s")
        print(f"  ratio ours / raw AES-GCM: {speeds['ours'] / speeds['raw']:.2f}")
        age = age_runner(workdir)
        if age is None:
            print("  age -r: skipped (the `age` and `age-keygen` commands are not installed;")
            print("          Debian package `age`)")
            return
        speeds["age"] = size_mib / best_of(3, lambda: age(path))
        print(f"  age -r:                                  {speeds['age']:8.0f} MiB/s")
        print(f"  ratio ours / age: {speeds['ours'] / speeds['age']:.2f} (target >= 1.2)")


if __name__ == "__main__":
    main()
