"""`privshare --route ...` across two real servers (issue 6 follow-up F1).

olga on A shares a 3-level folder with rita on B. rita's command line runs in this
process over a test network on which A cannot be reached directly at all (`Blocked`),
so everything rita's commands get from A came through her own server B's PrivMX proxy:
the inbox lists olga as a verified sender (her key proven by A's log), the folder is
listed and read from A, `whois` answers, and a share posted back lands in olga's inbox.
`--route direct` on the same network fails (the control: the block is real), and the
default `auto` falls back to the proxy after the direct attempt is refused.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest
from federation_helpers import Blocked, Person
from server_harness import ServerProcess
from world import PASSWORD

from app.cli import session as cli_session
from app.cli.errors import EXIT_ERROR, EXIT_OK, EXIT_UNREACHABLE
from app.cli.main import main
from app.client.transport import HttpTransport
from app.services import pki
from app.services.files.service import FileService
from app.services.sharing.inbox import InboxService
from app.services.sharing.service import SharingService

pytestmark = pytest.mark.integration

TREE = {"top.txt": b"top level", "a/mid.txt": b"middle", "a/b/deep.txt": b"three levels down"}


@dataclass
class Ran:
    code: int
    out: str
    err: str

    def ok(self) -> str:
        assert self.code == EXIT_OK, self.err
        return self.out


@dataclass
class Cli:
    """rita's `privshare` in this process, on a network where A is unreachable."""

    network: Blocked
    run: Callable[..., Ran]


@pytest.fixture
def cli(
    shared_transport: HttpTransport,
    server_a: ServerProcess,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Iterator[Cli]:
    network = Blocked(shared_transport, server_a.host)
    monkeypatch.setattr(cli_session, "make_transport", lambda _settings: network)
    monkeypatch.setenv("PRIVSHARE_PASSWORD", PASSWORD)

    def run(person: Person | SimpleNamespace, *args: str) -> Ran:
        capsys.readouterr()
        code = main(["--profile", str(person.profile), *args])
        captured = capsys.readouterr()
        return Ran(code, captured.out, captured.err)

    yield Cli(network, run)


@pytest.fixture
def olga(make_person: Callable[[str, ServerProcess], Person], server_a: ServerProcess) -> Person:
    return make_person("olga", server_a)


@pytest.fixture
def rita(make_person: Callable[[str, ServerProcess], Person], server_b: ServerProcess) -> Person:
    person = make_person("rita", server_b)
    person.session.close()  # from now on rita uses the command line (the vault on disk)
    return person


def own_identity(person: Person) -> pki.VerifiedIdentity:
    """What olga's own server proves about her (her side, independent of rita's)."""
    return pki.check_own_identity(
        person.session.channel,
        person.address,
        person.session.vault.identity_key.public_key,
        checkpoints=pki.MemoryCheckpoints(),
    )


def share_tree(owner: Person, recipient: Person, local: Path) -> None:
    for relative, data in TREE.items():
        (local / relative).parent.mkdir(parents=True, exist_ok=True)
        (local / relative).write_bytes(data)
    FileService(owner.session.channel, owner.session.vault).put([local], "/")
    SharingService(owner.session, owner.direct()).share(f"/{local.name}", recipient.address)


def test_via_home_reads_a_folder_shared_from_the_other_server(
    cli: Cli, olga: Person, rita: Person, tmp_path: Path
) -> None:
    share_tree(olga, rita, tmp_path / "Plans")
    via = ("--route", "via-home")

    # control: with the direct road closed, olga cannot be verified, so nothing is shown
    direct = cli.run(rita, "--route", "direct", "inbox", "--json")
    assert json.loads(direct.ok()) == [] and "1 message(s) rejected" in direct.err
    assert cli.network.refused > 0
    cli.network.refused = 0

    [item] = json.loads(cli.run(rita, *via, "inbox", "--json").ok())
    olga_proven = own_identity(olga)
    assert (item["from"], item["name"], item["type"], item["access"]) == (
        olga.address,
        "Plans",
        "folder",
        "read",
    )
    assert item["check_words"] == list(olga_proven.check_words)
    assert item["fingerprint"] == olga_proven.fingerprint_text
    assert cli.run(rita, *via, "accept", item["id"], "--name", "FromOlga").ok().strip() == (
        "/Shared/FromOlga"
    )

    listing = json.loads(cli.run(rita, *via, "ls", "/Shared/FromOlga", "--json").ok())
    assert [(e["name"], e["type"]) for e in listing] == [("a", "folder"), ("top.txt", "file")]
    out = tmp_path / "out"
    out.mkdir()
    cli.run(rita, *via, "get", "/Shared/FromOlga/a/b/deep.txt", str(out)).ok()
    assert (out / "deep.txt").read_bytes() == TREE["a/b/deep.txt"]
    assert cli.network.refused == 0  # via-home never even tried A directly

    refused = cli.run(rita, "--route", "direct", "ls", "/Shared/FromOlga")
    assert refused.code == EXIT_UNREACHABLE, refused.err
    cli.network.refused = 0
    deep = json.loads(cli.run(rita, "ls", "/Shared/FromOlga/a/b", "--json").ok())  # auto
    assert [e["name"] for e in deep] == ["deep.txt"]
    assert cli.network.refused > 0  # auto tried A directly first, then used the proxy


def test_whois_and_sharing_back_follow_the_route(
    cli: Cli, olga: Person, rita: Person, tmp_path: Path
) -> None:
    fingerprint = f"fingerprint  {own_identity(olga).fingerprint_text}"
    assert cli.run(rita, "--route", "direct", "whois", olga.address).code == EXIT_UNREACHABLE
    assert fingerprint in cli.run(rita, "--route", "via-home", "whois", olga.address).ok()
    assert fingerprint in cli.run(rita, "whois", olga.address).ok()  # auto: falls back
    nobody = SimpleNamespace(profile=tmp_path / "no-account")
    alone = cli.run(nobody, "--route", "via-home", "whois", olga.address)
    assert alone.code == EXIT_ERROR and "no account" in alone.err  # no home to go through

    (tmp_path / "Back").mkdir()
    (tmp_path / "Back" / "note.txt").write_text("from rita")
    cli.run(rita, "put", str(tmp_path / "Back"), "/").ok()
    blocked = cli.run(rita, "--route", "direct", "share", "/Back", "--to", olga.address)
    assert blocked.code == EXIT_UNREACHABLE, blocked.err  # nothing could reach A
    cli.network.refused = 0
    shared = cli.run(rita, "--route", "via-home", "share", "/Back", "--to", olga.address)
    assert "(read)" in shared.ok() and cli.network.refused == 0

    view = InboxService(olga.session, olga.direct()).read()
    assert view.rejected == []
    [item] = [i for i in view.items if i.sender.address == rita.address]
    assert (item.name, item.type, item.access) == ("Back", "folder", "read")
