"""Fault injection: kill -9 the real server (or the real client) at random moments and
check what survives. `make crash` runs 300+ trials; tests/crash/test_crash_smoke.py runs
20 inside `make test`.

    .venv/bin/python tests/crash/crash_run.py [TRIALS] [--seed N]

Server trials: one operation (put, mkdir, mv, rm, share, unshare, accept) runs while
the server process gets SIGKILL after a random delay; the server restarts on the same
data directory and port; then
- every write the client saw acknowledged is still there: each acknowledged file
  downloads, verifies and has its content; every acknowledged folder lists;
- nothing half-done is visible: the whole tree (and bob's /Shared) lists and every file
  in it verifies; an interrupted operation is either done or not done;
- an interrupted upload finishes when the client puts the file again (its journal
  resumes the transfer);
- orphaned blocks do not grow without bound: block files on disk stay within a fixed
  margin of the blocks the database references.
Client trials: `privshare put` / `privshare get` subprocesses get SIGKILL after a random
delay; the next command must finish the upload or leave no trace, and no decrypted part
file may survive the next start.

It prints one line: trials, lost (acknowledged data missing or failing its checks,
half-done state visible, or a resume that did not finish), plaintext-left (part files
after the next start), orphan blocks at the end. Exit status 1 when lost or
plaintext-left is not zero.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(TESTS), str(TESTS / "integration")]

from server_harness import ROOT, RUNNING, start_server  # noqa: E402

from app.services import account  # noqa: E402
from app.services.account import AccountSession  # noqa: E402
from app.services.connection import Connector  # noqa: E402
from app.services.errors import ServiceError  # noqa: E402
from app.services.files.partials import PART_SUFFIX  # noqa: E402
from app.services.files.service import FileService  # noqa: E402
from app.services.sharing.inbox import InboxService  # noqa: E402
from app.services.sharing.router import FileRouter  # noqa: E402
from app.services.sharing.service import SharingService  # noqa: E402
from app.vault import KDF_FLOOR, Profile, Vault  # noqa: E402

PASSWORD = "crash test password"
ORPHAN_MARGIN = 64  # block files the database does not reference, at most (in flight)
OPERATIONS = ("put", "put", "mkdir", "mv", "rm", "share", "unshare", "accept")


@dataclass
class Report:
    trials: int = 0
    interrupted: int = 0  # operations the kill cut short (not acknowledged)
    lost: int = 0
    plaintext_left: int = 0
    orphans: int = 0
    problems: list[str] = field(default_factory=list)

    def fail(self, trial: int, what: str) -> None:
        self.lost += 1
        self.problems.append(f"trial {trial}: {what}")

    def line(self) -> str:
        return (
            f"crash: trials {self.trials} interrupted {self.interrupted} lost {self.lost} "
            f"plaintext-left {self.plaintext_left} orphan-blocks {self.orphans}"
        )


class World:
    """One server, alice (who writes) and bob (who receives her shares)."""

    def __init__(self, base: Path, rng: random.Random) -> None:
        self.base, self.rng = base, rng
        self.data_dir = base / "server"
        self.server = start_server(self.data_dir, "--open-registration")
        self.port = self.server.host.rsplit(":", 1)[1]
        self.connector = Connector(allow_http=True)
        self.alice = self._account("alice")
        self.bob = self._account("bob")
        self.ledger: dict[str, bytes | None] = {}  # acknowledged path -> content (None: folder)
        self.shared_with_bob: set[str] = set()  # alice's folders bob accepted
        self.names = 0

    def _account(self, name: str) -> AccountSession:
        made = account.create(
            f"{name}#{self.server.host}",
            PASSWORD,
            Profile(self.base / name),
            self.connector,
            now=time.time(),
            vault_kdf=KDF_FLOOR,
        )
        return made.session

    # --- the server's life ---

    def kill_server(self) -> None:
        self.server.kill()

    def restart(self) -> None:
        if self.server.process.poll() is None:
            self.kill_server()
        self.server = start_server(self.data_dir, "--open-registration", "--port", self.port)
        for who in ("alice", "bob"):
            session: AccountSession = getattr(self, who)
            with contextlib.suppress(Exception):
                session.close()
            setattr(self, who, self.reopen(who))

    def reopen(self, who: str) -> AccountSession:
        vault = Vault.open(Profile(self.base / who))
        vault.unlock(PASSWORD)
        return account.resume(vault, self.connector)

    def files(self, who: AccountSession) -> FileService:
        return FileService(who.channel, who.vault)

    def new_name(self, prefix: str) -> str:
        self.names += 1
        return f"{prefix}{self.names}"

    def orphan_blocks(self) -> int:
        on_disk = {p.name for p in (self.data_dir / "blocks").rglob("*") if p.is_file()}
        with closing(sqlite3.connect(self.data_dir / "privshare.sqlite", timeout=30)) as db:
            known = {bytes(row[0]).hex() for row in db.execute("SELECT id FROM obj_blocks")}
            packed = {bytes(row[0]).hex() for row in db.execute("SELECT id FROM obj_packed_blocks")}
        return len(on_disk - known) + len(packed - known)


Step = Callable[[], object]


def _operation(world: World, kind: str, local: Path) -> tuple[Step, Step]:
    """(the operation, what to record once it is acknowledged). The operation looks the
    sessions up when it runs, so a retry after a restart uses the new ones."""
    rng = world.rng

    def files() -> FileService:
        return world.files(world.alice)

    folders = [p for p, c in world.ledger.items() if c is None]
    plain = [p for p, c in world.ledger.items() if c is not None]
    if kind == "put" or (kind in ("mv", "rm") and not plain and not folders):
        name = world.new_name("f") + ".bin"
        data = rng.randbytes(rng.choice((10_000, 300_000, 1_500_000)))
        (local / name).write_bytes(data)
        where = rng.choice(["/", *folders])
        path = where.rstrip("/") + "/" + name
        return (lambda: files().put([local / name], where)), (
            lambda: world.ledger.__setitem__(path, data)
        )
    if kind == "mkdir" or (kind in ("share", "unshare") and not folders):
        path = "/" + world.new_name("d")
        return (lambda: files().mkdir(path)), (lambda: world.ledger.__setitem__(path, None))
    if kind == "mv":
        source = rng.choice(plain or folders)
        target = "/" + world.new_name("m") + ("" if world.ledger[source] is None else ".bin")

        def moved() -> None:
            content = world.ledger.pop(source)
            for path in [p for p in world.ledger if p.startswith(source + "/")]:
                world.ledger[target + path[len(source) :]] = world.ledger.pop(path)
            world.ledger[target] = content

        return (lambda: files().move(source, target)), moved
    if kind == "rm":
        path = rng.choice(plain or folders)

        def removed() -> None:
            for gone in [p for p in world.ledger if p == path or p.startswith(path + "/")]:
                del world.ledger[gone]

        return (lambda: files().remove(path)), removed
    bob = str(world.bob.address)

    def sharing() -> SharingService:
        return SharingService(world.alice, world.connector)

    if kind == "share":
        folder = rng.choice(folders)
        return (lambda: sharing().share(folder, bob)), (lambda: world.shared_with_bob.add(folder))
    shared = sorted(world.shared_with_bob & set(folders))
    if kind == "unshare" and shared:
        folder = rng.choice(shared)
        return (lambda: sharing().unshare(folder, bob)), (
            lambda: world.shared_with_bob.discard(folder)
        )

    def accept() -> None:
        inbox = InboxService(world.bob, world.connector)
        for item in inbox.read().items[:1]:
            inbox.accept(item.message_id, name=world.new_name("s"))

    return accept, (lambda: None)


def server_trial(world: World, number: int, report: Report, local: Path) -> None:
    kind = world.rng.choice(OPERATIONS)
    try:
        run, acknowledge = _operation(world, kind, local)
    except Exception as error:
        report.fail(number, f"{kind}: could not prepare: {error}")
        return
    outcome: list[BaseException | None] = []

    def worker() -> None:
        try:
            run()
            outcome.append(None)
        except BaseException as error:
            outcome.append(error)

    thread = threading.Thread(target=worker)
    thread.start()
    time.sleep(world.rng.uniform(0.0, 0.06))
    world.kill_server()
    thread.join(120)
    world.restart()
    if outcome == [None]:
        acknowledge()
        return _check(world, number, report, local)
    report.interrupted += 1
    if kind == "put":  # the client retries: the journal must finish the upload
        try:
            run()
            acknowledge()
        except Exception as error:
            report.fail(number, f"put did not resume: {error}")
    _resolve_in_doubt(world, kind)
    _check(world, number, report, local)
    return None


def _resolve_in_doubt(world: World, kind: str) -> None:
    """An operation that was not acknowledged may or may not have happened: adopt what
    the server shows for the paths it touched, after `_check` verified it is whole."""
    if kind not in ("mkdir", "mv", "rm", "put"):
        return
    present = dict(_walk(world.files(world.alice), "/"))
    for path in list(world.ledger):
        if path not in present and not any(p.startswith(path + "/") for p in present):
            world.ledger.pop(path)  # an unacknowledged mv or rm that happened
    for path, kind_found in present.items():
        if path not in world.ledger:
            world.ledger[path] = None if kind_found == "folder" else b""  # content unknown


def _walk(files: FileService, folder: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for entry in files.ls(folder):
        found.append((entry.path, entry.type))
        if entry.type == "folder":
            found.extend(_walk(files, entry.path))
    return found


def _check(world: World, number: int, report: Report, local: Path) -> None:
    files = world.files(world.alice)
    out = local / f"check-{number}"
    out.mkdir()
    try:
        present = dict(_walk(files, "/"))
    except ServiceError as error:
        report.fail(number, f"alice's tree does not list: {error}")
        return
    sample = world.rng.sample(sorted(world.ledger), min(6, len(world.ledger)))
    for path in sample:
        content = world.ledger[path]
        if path not in present:
            report.fail(number, f"acknowledged {path} is gone")
            continue
        if content:  # a file with known content: download and compare (verified on the way)
            target = out / path.strip("/").replace("/", "_")
            try:
                files.get(path, target)
            except ServiceError as error:
                report.fail(number, f"{path} does not download: {error}")
                continue
            if target.read_bytes() != content:
                report.fail(number, f"{path} has other content")
    for path, kind in present.items():  # nothing half-done: every file verifies
        if kind == "file" and not world.ledger.get(path):
            try:
                files.get(path, out / ("x" + path.strip("/").replace("/", "_")))
            except ServiceError as error:
                report.fail(number, f"a half-done {path} is visible: {error}")
    try:
        bob_files = FileRouter(world.bob.channel, world.bob.vault)
        for mount in bob_files.ls("/Shared"):
            try:
                bob_files.ls(mount.path)
            except ServiceError:
                pass  # unshared since: access ends, nothing half-done to see
    except ServiceError as error:
        report.fail(number, f"bob's /Shared does not list: {error}")
    shutil.rmtree(out, ignore_errors=True)


def client_trial(world: World, number: int, report: Report, local: Path) -> None:
    """kill -9 of `privshare put` or `privshare get` in a subprocess."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRIVSHARE_")}
    env.update(PRIVSHARE_PASSWORD=PASSWORD, XDG_STATE_HOME=str(world.base / "state"))
    profile = str(world.base / "alice")

    def privshare(*args: str) -> subprocess.Popen[bytes]:
        command = [sys.executable, "-m", "app", "--profile", profile, *args]
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    name = world.new_name("c") + ".bin"
    data = world.rng.randbytes(world.rng.choice((200_000, 3_000_000)))
    (local / name).write_bytes(data)
    world.alice.close()  # the subprocesses open the vault themselves
    try:
        upload = privshare("put", str(local / name), "/")
        time.sleep(world.rng.uniform(0.3, 2.0))
        upload.send_signal(signal.SIGKILL)
        upload.wait()
        if privshare("put", str(local / name), "/").wait(120) != 0:
            report.fail(number, f"privshare put of {name} did not finish after a kill")
        out = local / f"client-{number}"
        out.mkdir()
        download = privshare("get", "/" + name, str(out))
        time.sleep(world.rng.uniform(0.3, 1.5))
        download.send_signal(signal.SIGKILL)
        download.wait()
        privshare("ls", "/").wait(60)  # the next start removes the dead process's part
        report.plaintext_left += sum(1 for p in out.iterdir() if p.name.endswith(PART_SUFFIX))
        finished = out / name
        if finished.exists() and finished.read_bytes() != data:
            report.fail(number, f"a killed get left a wrong {name}")
        world.ledger["/" + name] = data
        shutil.rmtree(out, ignore_errors=True)
    finally:
        world.alice = world.reopen("alice")


def run(trials: int, seed: int, client_every: int = 10) -> Report:
    rng = random.Random(seed)
    report = Report()
    running_before = len(RUNNING)
    with tempfile.TemporaryDirectory(prefix="privshare-crash-") as temp:
        base = Path(temp)
        local = base / "local"
        local.mkdir()
        world = World(base, rng)
        try:
            for number in range(1, trials + 1):
                report.trials += 1
                if number % client_every == 0:
                    client_trial(world, number, report, local)
                else:
                    server_trial(world, number, report, local)
            report.orphans = world.orphan_blocks()
            if report.orphans > ORPHAN_MARGIN:
                report.fail(trials, f"{report.orphans} orphaned block files")
        finally:
            world.server.stop()
            del RUNNING[running_before:]  # their logs go with the temporary directory
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("trials", type=int, nargs="?", default=300)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    args = parser.parse_args(argv)
    report = run(args.trials, args.seed)
    for problem in report.problems[:20]:
        print(problem)
    print(f"{report.line()} (seed {args.seed})")
    return 1 if report.lost or report.plaintext_left else 0


if __name__ == "__main__":
    raise SystemExit(main())
