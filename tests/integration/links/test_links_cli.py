"""`privshare link|links|unlink|request|collect` in this process against the real server:
what they print, the exit codes, and that the printed URL opens."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from links_world import Owner, upload
from page_helpers import RefusedError, open_link
from world import PASSWORD

from app.cli.main import main as cli_main
from app.services.links.format import LinkSecret

pytestmark = pytest.mark.integration


def _cli(owner: Owner, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli_main(["--profile", str(owner.profile), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(autouse=True)
def _password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRIVSHARE_PASSWORD", PASSWORD)


def test_link_links_unlink(
    owner: Owner,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    upload(owner, tmp_path, {"cli.txt": b"from the command line"})
    code, out, err = _cli(
        owner, capsys, "link", "/cli.txt", "--max-downloads", "2", "--expires", "7d"
    )
    assert code == 0, err
    url = out.strip()
    assert open_link(url).content(0) == b"from the command line"
    monkeypatch.setenv("PRIVSHARE_LINK_PASSWORD", "swordfish swordfish")
    code, out, err = _cli(owner, capsys, "link", "/cli.txt", "--password")
    assert code == 0, err
    protected = out.strip()
    with pytest.raises(RefusedError):
        open_link(protected)
    code, out, _ = _cli(owner, capsys, "links", "--json")
    rows = {row["url"]: row for row in json.loads(out)}
    assert rows[url]["downloads"] == 1 and rows[url]["maxDownloads"] == 2
    assert rows[url]["expires"] and rows[protected]["password"] is True
    link_id = rows[url]["id"]
    assert not link_id.startswith("-")
    code, out, _ = _cli(owner, capsys, "unlink", link_id)
    assert code == 0 and "revoked" in out
    with pytest.raises(RefusedError) as refused:
        open_link(url)
    assert refused.value.code == "revoked"
    code, out, _ = _cli(owner, capsys, "links")
    assert f"{link_id}  revoked" in out


def test_bad_requests_get_one_line(
    owner: Owner, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    upload(owner, tmp_path, {"x.txt": b"x"})  # before the CLI changes the vault on disk
    code, _, err = _cli(owner, capsys, "link", "/nothing-here.txt")
    assert code != 0 and len(err.strip().splitlines()) == 1 and "nothing-here.txt" in err
    code, _, err = _cli(owner, capsys, "link", "/x.txt", "--expires", "soon")
    assert code == 2 and "30m, 12h, 7d" in err
    with pytest.raises(SystemExit):
        _cli(owner, capsys, "link", "/x.txt", "--max-downloads", "0")
    code, _, err = _cli(owner, capsys, "link", "/Shared/theirs/doc.txt")
    assert code == 2 and "copy it into your own files" in err
    code, _, err = _cli(owner, capsys, "unlink", "A" * 22)
    assert code == 1 and "no such link" in err


def test_request_and_collect_nothing_yet(
    owner: Owner, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _cli(owner, capsys, "request", "/Inbox", "--title", "Receipts")
    assert code == 0, err
    opened = open_link(out.strip())
    assert (opened.manifest.type, opened.manifest.name) == ("request", "Receipts")
    link_id = out.strip().rpartition("/l/")[2].partition("#")[0]
    code, out, _ = _cli(owner, capsys, "collect", link_id, "--into", str(tmp_path))
    assert code == 0 and "nothing dropped" in out


def test_an_older_id_starting_with_a_dash_can_be_pasted_back(
    owner: Owner,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Links made before ids avoided a leading "-" keep working from the command line:
    `links` prints them as l/ID, and unlink/collect take that, or the URL."""
    upload(owner, tmp_path, {"old.txt": b"made by an older client"})
    older = [LinkSecret("-" + "A" * 21, bytes(32)), LinkSecret("-" + "B" * 21, bytes(32))]
    monkeypatch.setattr(LinkSecret, "generate", lambda *_: older.pop(0))
    code, out, err = _cli(owner, capsys, "link", "/old.txt")
    assert code == 0, err
    url = out.strip()
    code, out, err = _cli(owner, capsys, "request", "/Inbox")
    assert code == 0, err
    request_url = out.strip()
    code, out, _ = _cli(owner, capsys, "links")
    printed = [line.split()[0] for line in out.splitlines() if line.startswith("l/-")]
    assert sorted(printed) == ["l/-" + "A" * 21, "l/-" + "B" * 21]
    code, out, err = _cli(owner, capsys, "collect", "l/-" + "B" * 21, "--into", str(tmp_path))
    assert code == 0 and "nothing dropped" in out, err
    code, out, err = _cli(owner, capsys, "collect", request_url, "--into", str(tmp_path))
    assert code == 0 and "nothing dropped" in out, err
    assert open_link(url).content(0) == b"made by an older client"
    code, out, err = _cli(owner, capsys, "unlink", url)
    assert code == 0 and "revoked" in out, err
    with pytest.raises(RefusedError) as refused:
        open_link(url)
    assert refused.value.code == "revoked"
    code, out, err = _cli(owner, capsys, "unlink", "l/-" + "B" * 21)
    assert code == 0, err
