"""Acceptance of the scale-out (issue 13): three server processes on one PostgreSQL and
one SeaweedFS bucket behind nginx round-robin (no stickiness), driven only by the CLI
through the balancer."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from engine_helpers import REPO, Postgres, SeaweedFS
from fleet_helpers import Fleet, start_fleet
from integration.links.page_helpers import RefusedError, info, open_link

from app.client.channel import Channel
from app.client.discovery import discover
from app.client.errors import RemoteCallError, SessionExpiredError
from app.client.transport import HttpTransport
from app.crypto.ecc import PublicKey
from app.pki import heads
from app.services import account
from app.services.connection import Connector
from app.services.session import Session
from app.services.sharing.drops import DropService
from app.vault import Profile
from server_stub.backends.s3.blocks import S3Blocks, S3Location
from server_stub.federation.policy import ProxyLimits
from server_stub.handlers.proxy import PROXY_RATE_LIMITED

pytestmark = [pytest.mark.slow, pytest.mark.integration]
PASSWORD = "correct horse battery staple"


def privshare(
    profile: Path, *args: str, timeout: float = 180, **secrets: str
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRIVSHARE_")}
    env["PRIVSHARE_PASSWORD"] = PASSWORD
    env.update({f"PRIVSHARE_{name.upper()}": value for name, value in secrets.items()})
    command = [sys.executable, "-m", "app", "--profile", str(profile), *args]
    return subprocess.run(
        command,
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, (result.args[5:], result.stdout[-2000:], result.stderr[-2000:])
    return result.stdout


@pytest.fixture(scope="module")
def fleet(
    postgres: Postgres, seaweedfs: SeaweedFS, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Fleet]:
    running = start_fleet(tmp_path_factory.mktemp("fleet"), postgres.url, seaweedfs.endpoint)
    yield running
    running.stop()


@pytest.fixture(autouse=True)
def member_logs_on_failure(request: pytest.FixtureRequest, fleet: Fleet) -> Iterator[None]:
    yield
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        for number, member in enumerate(fleet.members):
            print(f"--- member {number} ---\n{member.log()[-3000:]}")


def address(fleet: Fleet) -> str:
    return f"u{uuid.uuid4().hex[:10]}#{fleet.balancer.host}"


def test_the_whole_cli_flow_through_the_balancer(fleet: Fleet, tmp_path: Path) -> None:
    alice, bob = address(fleet), address(fleet)
    ok(privshare(tmp_path / "a1", "account", "create", alice))
    ok(privshare(tmp_path / "b1", "account", "create", bob))
    ok(privshare(tmp_path / "a2", "login", alice))  # a new device, other processes
    tree = tmp_path / "Reports"
    (tree / "sub").mkdir(parents=True)
    (tree / "r.txt").write_text("report")
    (tree / "sub" / "data.bin").write_bytes(os.urandom(300_000))
    ok(privshare(tmp_path / "a2", "put", str(tree), "/"))
    out = tmp_path / "out"
    out.mkdir()
    ok(privshare(tmp_path / "a1", "get", "/Reports/sub/data.bin", str(out)))
    assert (out / "data.bin").read_bytes() == (tree / "sub" / "data.bin").read_bytes()
    for _ in range(3):  # each lookup may reach another process: every one knows bob
        assert bob in ok(privshare(tmp_path / "a1", "whois", bob))
    assert "(read)" in ok(privshare(tmp_path / "a1", "share", "/Reports", "--to", bob))
    [item] = json.loads(ok(privshare(tmp_path / "b1", "inbox", "--json")))
    assert item["from"] == alice and item["name"] == "Reports"
    ok(privshare(tmp_path / "b1", "accept", item["id"], "--name", "FromAlice"))
    got = tmp_path / "got"
    got.mkdir()
    ok(privshare(tmp_path / "b1", "get", "/Shared/FromAlice/r.txt", str(got)))
    assert (got / "r.txt").read_text() == "report"
    assert "re-keyed" in ok(privshare(tmp_path / "a2", "unshare", "/Reports", "--from", bob))
    gone = privshare(tmp_path / "b1", "ls", "/Shared/FromAlice")
    assert gone.returncode == 1 and "no longer shared" in gone.stderr


def live_members(fleet: Fleet) -> list[str]:
    """The hosts of the processes still running (another test kills one)."""
    return [m.url.removeprefix("http://") for m in fleet.members if m.process.poll() is None]


def test_links_made_through_one_process_open_through_every_other(
    fleet: Fleet, tmp_path: Path
) -> None:
    profile, me = tmp_path / "p", address(fleet)
    ok(privshare(profile, "account", "create", me))
    data = os.urandom(2_500_000)  # three blocks
    (tmp_path / "photo.jpg").write_bytes(data)
    ok(privshare(profile, "put", str(tmp_path / "photo.jpg"), "/"))
    url = ok(privshare(profile, "link", "/photo.jpg")).strip()
    request = ok(privshare(profile, "request", "/", "--title", "Scans")).strip()
    balancer = fleet.balancer.host
    assert f"//{balancer}/l/" in url
    hosts = live_members(fleet)
    assert len(hosts) >= 2
    for host in hosts:  # the rows are in PostgreSQL, the blocks in the bucket
        assert open_link(url.replace(balancer, host)).content(0) == data
    dropped = open_link(request.replace(balancer, hosts[0])).drop("scan.pdf", b"%PDF scan")
    assert dropped == 1
    into = tmp_path / "collected"
    into.mkdir()
    ok(privshare(profile, "collect", request, "--into", str(into)))
    assert (into / "scan.pdf").read_bytes() == b"%PDF scan"
    ok(privshare(profile, "unlink", url))
    for host in hosts:
        with pytest.raises(RefusedError) as refused:
            info(url.replace(balancer, host))
        assert refused.value.code == "revoked"


def test_a_device_links_through_the_balancer(fleet: Fleet, tmp_path: Path) -> None:
    """Every poll of the rendezvous may reach another process: the mailboxes are shared."""
    me = address(fleet)
    ok(privshare(tmp_path / "A", "account", "create", me))
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRIVSHARE_")}
    command = [sys.executable, "-m", "app", "--profile", str(tmp_path / "A"), "device", "add"]
    adding = subprocess.Popen(
        [*command, "--name", "laptop", "--yes"],
        cwd=REPO,
        env={**env, "PRIVSHARE_PASSWORD": PASSWORD},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert adding.stdout is not None
    shown = ""
    while not shown.endswith("\n") or "Code: " not in shown:
        line = adding.stdout.readline()
        assert line, (shown, adding.communicate(timeout=60))
        shown += line
    code = shown.rpartition("Code: ")[2].strip()
    joined = privshare(tmp_path / "B", "device", "join", me, code, new_password="laptop pass 2")
    out, err = adding.communicate(timeout=180)
    assert adding.returncode == 0, err
    assert joined.returncode == 0, joined.stderr
    assert f"linked to {me} as 'laptop'" in joined.stdout
    words = [line for line in (shown + out).splitlines() if line.startswith("Verification")]
    assert words and words[0] in joined.stdout
    listed = privshare(tmp_path / "A", "device", "list")
    assert "laptop" in ok(listed)


def test_the_proxy_rate_limit_holds_across_processes(fleet: Fleet, tmp_path: Path) -> None:
    """Proxy calls of one user alternate between two processes: together they admit one
    burst (plus what refilled meanwhile), not one burst each."""
    me = address(fleet)
    ok(privshare(tmp_path / "p", "account", "create", me))
    name = me.partition("#")[0]
    limits = ProxyLimits()
    with HttpTransport() as transport:
        server_key = discover(fleet.balancer.host, transport).server_key
        channels = []
        for host in live_members(fleet)[:2]:
            channel = Channel(transport, f"http://{host}/privmx/api/v1", server_key)
            channel.login_srp(name, PASSWORD)
            channels.append(channel)
        admitted, started = 0, time.monotonic()
        for number in range(3 * limits.burst):
            try:
                channels[number % 2].call("proxyDiscover", destination="127.0.0.1:9")
            except RemoteCallError as refused:
                if refused.code == PROXY_RATE_LIMITED:
                    break
            admitted += 1
        elapsed = time.monotonic() - started
    refill = elapsed * limits.per_minute / 60
    assert limits.burst <= admitted <= limits.burst + refill + 1, (admitted, elapsed)


def test_a_session_signed_out_through_one_process_ends_on_every_other(
    fleet: Fleet, tmp_path: Path
) -> None:
    """Two logins through different processes: the first lists both (through a third
    process too), signs the second out, and the second's next call, on its own process,
    fails with the ended-session error."""
    me = address(fleet)
    ok(privshare(tmp_path / "p", "account", "create", me))
    name = me.partition("#")[0]
    hosts = live_members(fleet)
    assert len(hosts) >= 3
    with HttpTransport() as transport:
        server_key = discover(fleet.balancer.host, transport).server_key
        phone, laptop, desk = (
            Channel(transport, f"http://{host}/privmx/api/v1", server_key) for host in hosts[:3]
        )
        for channel in (phone, laptop, desk):
            channel.login_srp(name, PASSWORD)
        assert laptop.call("whoami") == {"username": name}
        listed = phone.call("sessionList")["sessions"]
        (own,) = [s["id"] for s in listed if s["current"]]
        others = [s["id"] for s in listed if not s["current"]]
        assert len(others) >= 2  # the laptop and the desk (and the CLI's create, if live)
        seen_from_desk = {s["id"] for s in desk.call("sessionList")["sessions"]}
        assert {own, *others} <= seen_from_desk
        desk_id = next(s["id"] for s in desk.call("sessionList")["sessions"] if s["current"])
        laptop_ids = set(others) - {desk_id}
        for session_id in laptop_ids:  # the laptop's (and any other left by the CLI)
            assert phone.call("sessionEnd", id=session_id) is True
        with pytest.raises(SessionExpiredError, match="session has ended"):
            laptop.call("whoami")
        with pytest.raises(RemoteCallError, match="needs a logged-in session"):
            laptop.call("whoami")  # the channel dropped the login: it must sign in again
        for channel in (phone, desk):
            remaining = {s["id"] for s in channel.call("sessionList")["sessions"]}
            assert remaining == {own, desk_id}
        with pytest.raises(RemoteCallError) as refused:  # already ended: the same answer
            desk.call("sessionEnd", id=next(iter(laptop_ids)))
        assert refused.value.code == 2301


def test_a_drop_inboxs_expiry_and_size_limit_hold_on_every_process(
    fleet: Fleet, tmp_path: Path
) -> None:
    """The limits are rows in PostgreSQL: `privshare send` through the balancer (any
    process) to an expired or a full drop inbox gets one line and exit code 1."""
    owner, sender = address(fleet), address(fleet)
    ok(privshare(tmp_path / "o", "account", "create", owner))
    ok(privshare(tmp_path / "s", "account", "create", sender))
    small = json.loads(
        ok(privshare(tmp_path / "o", "drop", "create", "--max-size", "1K", "--json"))
    )
    an_hour_ago = time.time() - 3600
    with Session(tmp_path / "o").open(PASSWORD) as opened:
        expired = DropService(opened, clock=lambda: an_hour_ago).create("old", expires_in=60)
    (tmp_path / "big.bin").write_bytes(os.urandom(100_000))
    for target, words in (  # each command reaches the processes round-robin
        (expired.address, "has expired: ask its owner for a new address"),
        (small["address"], "larger than this drop inbox takes"),
    ):
        refused = privshare(tmp_path / "s", "send", target, str(tmp_path / "big.bin"))
        assert refused.returncode == 1 and words in refused.stderr, refused.stderr
        assert len(refused.stderr.strip().splitlines()) == 1, refused.stderr


def test_export_from_the_fleets_database_and_bucket(fleet: Fleet, tmp_path: Path) -> None:
    """`privshare export --database … --blob-store …` with the phrase alone, the fleet
    running: every file back byte for byte; a wrong database: one line, no output."""
    with HttpTransport() as transport:
        connector = Connector(transport=transport, allow_http=True)
        created = account.create(
            address(fleet), PASSWORD, Profile(tmp_path / "p"), connector, now=time.time()
        )
        phrase = created.phrase
        created.session.close()
    tree = tmp_path / "Archive"
    (tree / "deep").mkdir(parents=True)
    (tree / "a.txt").write_text("kept in the fleet")
    (tree / "deep" / "b.bin").write_bytes(os.urandom(1_500_000))
    ok(privshare(tmp_path / "p", "put", str(tree), "/"))
    where = ["--database", fleet.database_url, "--blob-store", f"s3://{fleet.bucket}"]
    where += ["--s3-endpoint", fleet.s3_endpoint]
    out = tmp_path / "exported"
    ok(privshare(tmp_path / "none", "export", *where, "--out", str(out), mnemonic=phrase))
    for path in (Path("a.txt"), Path("deep/b.bin")):
        assert (out / "Archive" / path).read_bytes() == (tree / path).read_bytes()
    nowhere = ["--database", "postgresql://nobody@127.0.0.1:1/none", *where[2:]]
    failed = privshare(
        tmp_path / "none", "export", *nowhere, "--out", str(tmp_path / "x"), mnemonic=phrase
    )
    assert failed.returncode == 1 and len(failed.stderr.strip().splitlines()) == 1
    assert "cannot reach the database" in failed.stderr and not (tmp_path / "x").exists()


def test_eight_concurrent_clients_doing_mixed_work(fleet: Fleet, tmp_path: Path) -> None:
    users = [address(fleet) for _ in range(8)]
    failures: list[str] = []

    def client(number: int) -> None:
        profile, me = tmp_path / f"p{number}", users[number]
        folder = tmp_path / f"tree{number}"
        (folder / "deep").mkdir(parents=True)
        (folder / "a.txt").write_text(f"client {number}")
        (folder / "deep" / "b.bin").write_bytes(os.urandom(50_000 + number))
        steps = [
            ("account", "create", me),
            ("put", str(folder), "/"),
            ("get", f"/tree{number}/deep/b.bin", str(tmp_path / f"out{number}")),
            ("whois", users[(number + 1) % 8]),
        ]
        (tmp_path / f"out{number}").mkdir()
        for step in steps:
            if step[0] == "whois":  # the neighbour may still be creating its account
                for _ in range(40):
                    result = privshare(profile, *step)
                    if result.returncode == 0:
                        break
                    time.sleep(0.5)
            else:
                result = privshare(profile, *step)
            if result.returncode != 0:
                failures.append(f"client {number} {step[0]}: {result.stderr.strip()}")
                return
        got = (tmp_path / f"out{number}" / "b.bin").read_bytes()
        if got != (folder / "deep" / "b.bin").read_bytes():
            failures.append(f"client {number}: the file came back different")

    threads = [threading.Thread(target=client, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []


def test_key_log_heads_agree_on_every_process(fleet: Fleet, tmp_path: Path) -> None:
    ok(privshare(tmp_path / "p", "account", "create", address(fleet)))  # one more entry
    with HttpTransport() as transport:
        server_key = discover(fleet.balancer.host, transport).server_key
        found = []
        for member in fleet.members:
            channel = Channel(transport, member.url + "/privmx/api/v1", server_key)
            found.append(heads.decode_head(channel.call("pkiGetHead")["head"]))
    for head in found:
        heads.verify_head(head, PublicKey.from_bytes(server_key))
    assert len({head.hash for head in found}) == 1
    assert found[0].size >= 2  # the server entry and this test's user, at least


def test_kill_9_of_a_process_during_a_large_upload(fleet: Fleet, tmp_path: Path) -> None:
    me = address(fleet)
    ok(privshare(tmp_path / "p", "account", "create", me))
    big = tmp_path / "big.bin"
    big.write_bytes(os.urandom(24 * 1024 * 1024))
    upload = subprocess.Popen(
        [sys.executable, "-m", "app", "--profile", str(tmp_path / "p"), "put", str(big), "/"],
        cwd=REPO,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("PRIVSHARE_")},
            "PRIVSHARE_PASSWORD": PASSWORD,
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
    )
    victim = fleet.members[1]
    blocks = S3Blocks(S3Location(fleet.bucket, fleet.s3_endpoint))
    before = len(blocks.all_ids())
    deadline = time.monotonic() + 60
    while len(blocks.all_ids()) < before + 4 and time.monotonic() < deadline:
        time.sleep(0.2)  # the upload is under way: some blocks are in the bucket
    victim.process.send_signal(signal.SIGKILL)
    _, err = upload.communicate(timeout=300)
    attempts = 1
    while upload.returncode != 0 and attempts < 4:  # resumes from its journal
        attempts += 1
        again = privshare(tmp_path / "p", "put", str(big), "/")
        upload.returncode, err = again.returncode, again.stderr
    assert upload.returncode == 0, err
    target = tmp_path / "back"
    target.mkdir()
    ok(privshare(tmp_path / "p", "get", "/big.bin", str(target)))
    assert (
        hashlib.sha256((target / "big.bin").read_bytes()).digest()
        == hashlib.sha256(big.read_bytes()).digest()
    )
    assert victim.process.poll() == -signal.SIGKILL
    print(f"upload attempts: {attempts}")
