"""kill -9 of many `privshare put` processes mid-upload: the open transfers they leave
do not lock their user out (server_stub/objects/transfers.py reclaims another session's
stale transfer at the cap), and a resumed upload finishes in its own transfer."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from crash.crash_run import PASSWORD, ROOT, RUNNING, start_server
from server_harness import ServerProcess

from app.services import account
from app.services.connection import Connector
from app.vault import KDF_FLOOR, Profile

pytestmark = [pytest.mark.integration, pytest.mark.slow]

CAP = 32  # ObjectLimits.max_transfers, the server's default
KILLS = CAP + 2
PARALLEL = 6  # uploads started and killed together
DEADLINE = 60.0
FILE_SIZE = 64 * 1024 * 1024  # 64 blocks: the kill lands after the first, well before the last


@pytest.fixture
def world() -> Iterator[tuple[ServerProcess, Path]]:
    running_before = len(RUNNING)
    with tempfile.TemporaryDirectory(prefix="privshare-kills-") as temp:
        base = Path(temp)
        server = start_server(base / "server", "--open-registration")
        try:
            made = account.create(
                f"alice#{server.host}",
                PASSWORD,
                Profile(base / "alice"),
                Connector(allow_http=True),
                now=time.time(),
                vault_kdf=KDF_FLOOR,
            )
            made.session.close()
            for slot in range(1, PARALLEL):  # one profile per upload running at once
                account.login(
                    f"alice#{server.host}",
                    PASSWORD,
                    Profile(base / f"alice-{slot}"),
                    Connector(allow_http=True),
                    now=time.time(),
                    vault_kdf=KDF_FLOOR,
                ).close()
            yield server, base
        finally:
            server.stop()
            if server.process.stdout is not None:
                server.process.stdout.close()
            del RUNNING[running_before:]


def _privshare(base: Path, *args: str, slot: int = 0) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRIVSHARE_")}
    env.update(PRIVSHARE_PASSWORD=PASSWORD, XDG_STATE_HOME=str(base / f"state-{slot}"))
    profile = base / ("alice" if slot == 0 else f"alice-{slot}")
    command = [sys.executable, "-m", "app", "--profile", str(profile), *args]
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _transfers(server: ServerProcess) -> dict[bytes, int]:
    """Open transfers on the server: id -> blocks received."""
    path = server.data_dir / "privshare.sqlite"
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)) as db:
        return _open_transfers(db)


def _open_transfers(db: sqlite3.Connection) -> dict[bytes, int]:
    rows = db.execute(
        "SELECT id, blocks FROM obj_transfers WHERE expires > ?", (time.time(),)
    ).fetchall()
    return {bytes(row[0]): int(row[1]) for row in rows}


def _kill_after_first_block(server: ServerProcess, base: Path, files: list[Path]) -> set[bytes]:
    """Start `privshare put FILE /` for each file at once (each from its own profile of
    alice's) and kill -9 them all once each has a new transfer holding a block (or has
    finished); returns the new transfers."""
    path = server.data_dir / "privshare.sqlite"
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30, isolation_level=None)
    before = set(_open_transfers(db))
    uploads = [_privshare(base, "put", str(p), "/", slot=n) for n, p in enumerate(files)]
    deadline = time.monotonic() + DEADLINE
    try:
        while time.monotonic() < deadline:
            seen = _open_transfers(db).items()
            started = {t for t, blocks in seen if t not in before and blocks}
            finished = [u for u in uploads if u.poll() is not None]
            for upload in finished:
                assert upload.stderr is not None
                error = upload.stderr.read().decode(errors="replace").strip()
                assert upload.returncode == 0, f"a put failed: {error}"
            if len(started) + len(finished) >= len(uploads):
                for upload in uploads:
                    if upload.poll() is None:
                        upload.send_signal(signal.SIGKILL)
                for upload in uploads:
                    upload.wait()
                # an upload that finished between the look and the kill closed its transfer
                return started & set(_open_transfers(db))
            time.sleep(0.01)
        raise AssertionError(f"the uploads did not all reach the server in {DEADLINE} s")
    finally:
        db.close()
        for upload in uploads:
            if upload.poll() is None:
                upload.kill()
            upload.wait()
            assert upload.stderr is not None
            upload.stderr.close()


def _finish(process: subprocess.Popen[bytes]) -> None:
    assert process.stderr is not None
    with process.stderr:
        code = process.wait(DEADLINE * 2)
        assert code == 0, process.stderr.read().decode(errors="replace")


def test_killed_uploads_do_not_lock_their_user_out(world: tuple[ServerProcess, Path]) -> None:
    server, base = world
    local = base / "local"
    local.mkdir()
    original = local / "original.bin"
    original.write_bytes(os.urandom(FILE_SIZE))
    names = (local / f"file-{n}.bin" for n in range(KILLS * 2))
    for path in (local / f"file-{n}.bin" for n in range(KILLS * 2)):
        os.link(original, path)  # the same bytes, another upload (the journal is per path)
    left: set[bytes] = set()
    while len(left) < KILLS - 1:  # in parallel batches; a few may finish before the kill
        batch = [next(names) for _ in range(min(PARALLEL, KILLS - 1 - len(left)))]
        left |= _kill_after_first_block(server, base, batch)
    last = next(names)
    (last_transfer,) = _kill_after_first_block(server, base, [last]) or {b""}
    assert last_transfer, "the kill must land inside the upload to test anything"
    open_now = _transfers(server)
    assert len(open_now) == CAP and last_transfer in open_now  # the oldest were reclaimed
    _finish(_privshare(base, "put", str(last), "/"))  # resumed by its journal
    assert last_transfer not in _transfers(server)  # finished (and closed) in its own transfer
    fresh = local / "after.bin"
    fresh.write_bytes(b"written after 34 killed uploads")
    _finish(_privshare(base, "put", str(fresh), "/"))
    out = base / "out"
    out.mkdir()
    _finish(_privshare(base, "get", "/" + last.name, str(out)))
    assert (out / last.name).read_bytes() == original.read_bytes()
    shutil.rmtree(out)
