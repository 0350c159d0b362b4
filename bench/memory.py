"""Memory of a very large transfer: peak RSS of the client and the server (issue 14).

A 4 GiB file goes up and comes back down through `python -m server_stub` on loopback, each
direction in a fresh client process (bench/transfer.py `--client`). The source is a sparse
file (no disk space, read as zeros; every chunk still encrypts to distinct blocks); the
downloaded copy is checked for its size and removed at once. Printed per direction: the
client's peak RSS and its growth over the RSS it had before the vault opened, and the
server's peak RSS during that direction (its high-water mark reset through
/proc/PID/clear_refs first) and growth over its RSS before. Target: client growth
<= 60 MB during the upload, and no growth with size (compare `--mib 1024`).

    .venv/bin/python bench/memory.py [--mib 4096]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

_MALLOC = {"MALLOC_MMAP_THRESHOLD_": "67108864", "MALLOC_TRIM_THRESHOLD_": "268435456"}
if any(os.environ.get(k) != v for k, v in _MALLOC.items()):
    os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, **_MALLOC})

sys.path.insert(0, str(Path(__file__).resolve().parent))

from transfer import (  # noqa: E402
    SERVER_ENV,
    client,
    create_account,
    peak_rss_mb,
    rss_mb,
    running,
)

MIB = 1 << 20


def reset_peak(pid: int) -> bool:
    """Reset the peak RSS of process `pid` to its current RSS (Linux >= 4.0)."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def direction(label: str, mib: int, server_pid: int, *args: str) -> None:
    server_reset = reset_peak(server_pid)
    server_before = rss_mb(server_pid)
    result = client(*args)
    server_peak = peak_rss_mb(server_pid)
    growth = result["peak_rss_mb"] - result["start_rss_mb"]
    server = (
        f"server peak RSS {server_peak:.0f} MB (growth {server_peak - server_before:.0f} MB)"
        if server_reset
        else f"server peak RSS over its life {server_peak:.0f} MB"
    )
    print(
        f"memory: {label} {mib} MiB at {mib / result['seconds']:.0f} MiB/s: client peak RSS "
        f"{result['peak_rss_mb']:.0f} MB (growth {growth:.0f} MB), {server}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mib", type=int, default=4096)
    parser.add_argument("--dir", default=None, help="work folder (default: system temp)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="privshare-memory-", dir=args.dir) as tmp:
        work = Path(tmp)
        server = [sys.executable, "-m", "server_stub", "--data-dir", str(work / "data")]
        server += ["--port", "0", "--open-registration", "--log-level", "WARNING"]
        with running(server, SERVER_ENV) as (base, server_pid):
            profile = work / "profile"
            create_account(base, profile)
            source = work / "huge.bin"
            with source.open("wb") as out:
                out.truncate(args.mib * MIB)
            direction("upload", args.mib, server_pid, "put", str(profile), str(source), "/m")
            source.unlink()
            back = work / "back"
            back.mkdir()
            direction(
                "download", args.mib, server_pid, "get", str(profile), "/m/huge.bin", str(back)
            )
            size = (back / "huge.bin").stat().st_size
            (back / "huge.bin").unlink()
            if size != args.mib * MIB:
                raise SystemExit(f"the downloaded file has {size} bytes, not {args.mib} MiB")


if __name__ == "__main__":
    main()
