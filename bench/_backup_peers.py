"""The tools a user could pick instead of Privshare, run on the same bytes in the same run.

Both go to a server on loopback writing to the same disk, as Privshare's does:

- restic 0.14 (Debian): `restic -r rest:URL backup`, `restore latest`, `ls latest`. The
  REST server is `rclone serve restic` (Debian has no rest-server). A fresh repository
  per measurement, so nothing is deduplicated across measurements. AES-256-CTR with
  Poly1305, SHA-256, content-defined chunking, small files packed together.
- rclone (Debian): `rclone copy` into a crypt remote (NaCl secretbox in 64 KiB chunks,
  encrypted names) over a webdav remote served by `rclone serve webdav`, 4 transfers at
  once, and `rclone copy` back.

Every figure is the wall time of the tool's command, its start-up included (small beside
the transfers). `backup_peers(work)` yields a `Peers`, or None when a tool is missing.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_SERVING = re.compile(rb"(?:started on|Serving restic REST API on) (http://127\.0\.0\.1:\d+/)")


class Peers:
    """restic and rclone crypt, each against its own loopback server in `work`."""

    def __init__(self, work: Path, restic_url: str, webdav_url: str) -> None:
        self._work = work
        self._restic_url = restic_url
        self._serial = itertools.count()
        password = subprocess.run(
            ["rclone", "obscure", "bench-only password"], check=True, capture_output=True
        ).stdout.decode()
        self._env = {
            **os.environ,
            "RESTIC_PASSWORD": "bench-only password",
            "RESTIC_CACHE_DIR": str(work / "restic-cache"),
            "RCLONE_CONFIG": str(work / "rclone.conf"),
            "RCLONE_CONFIG_DAV_TYPE": "webdav",
            "RCLONE_CONFIG_DAV_URL": webdav_url,
            "RCLONE_CONFIG_DAV_VENDOR": "other",
            "RCLONE_CONFIG_SEC_TYPE": "crypt",
            "RCLONE_CONFIG_SEC_REMOTE": "dav:",
            "RCLONE_CONFIG_SEC_PASSWORD": password.strip(),
        }

    def _run(self, *command: str) -> float:
        started = time.perf_counter()
        subprocess.run(command, check=True, env=self._env, capture_output=True)
        return time.perf_counter() - started

    def new_repository(self) -> str:
        repository = f"rest:{self._restic_url}r{next(self._serial)}/"
        self._run("restic", "-r", repository, "init")
        return repository

    def restic_backup(self, repository: str, source: Path) -> float:
        return self._run("restic", "-r", repository, "backup", "--quiet", str(source))

    def restic_restore(self, repository: str, target: Path) -> float:
        return self._run("restic", "-r", repository, "restore", "latest", "--target", str(target))

    def restic_ls(self, repository: str) -> float:
        return self._run("restic", "-r", repository, "ls", "latest")

    def rclone_up(self, source: Path) -> tuple[str, float]:
        """Copy `source` (a file or a folder) into a new crypt folder: (its name, seconds)."""
        folder = f"sec:c{next(self._serial)}"
        return folder, self._run("rclone", "copy", "--transfers", "4", str(source), folder)

    def rclone_down(self, folder: str, target: Path) -> float:
        return self._run("rclone", "copy", "--transfers", "4", folder, str(target))


def missing_tools() -> list[str]:
    return [tool for tool in ("restic", "rclone") if shutil.which(tool) is None]


@contextmanager
def backup_peers(work: Path) -> Iterator[Peers]:
    """`rclone serve restic` and `rclone serve webdav` on folders of `work`, on port 0."""
    with (
        _serve("restic", work / "restic-repos") as restic,
        _serve("webdav", work / "webdav") as webdav,
    ):
        yield Peers(work, restic, webdav)


@contextmanager
def _serve(kind: str, folder: Path) -> Iterator[str]:
    folder.mkdir()
    command = ["rclone", "serve", kind, str(folder), "--addr", "127.0.0.1:0"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stderr is not None
    drain = threading.Thread(target=process.stderr.read, daemon=True)  # it never blocks
    try:
        url = None
        for line in process.stderr:
            found = _SERVING.search(line)
            if found:
                url = found[1].decode()
                break
        if url is None:
            raise SystemExit(f"rclone serve {kind} did not start")
        drain.start()
        yield url
    finally:
        process.terminate()
        process.wait(30)
        if drain.is_alive():
            drain.join(30)
        process.stderr.close()
