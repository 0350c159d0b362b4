"""Links against the real server process, over plain HTTP as the page talks to it:
content round trip, folders, passwords, expiry, download limits, revocation, the
wrong-password throttle and the security headers."""

from __future__ import annotations

import os
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import msgpack
import pytest
import requests
from links_world import Owner, upload
from page_helpers import RefusedError, info, open_link
from server_harness import ServerProcess

from app.client.links_api import LinksApi
from app.crypto.kdf import pbkdf2
from app.services.errors import TamperingDetectedError
from app.services.files.service import FileService
from app.services.links.format import b64u, new_request_key, parse_link_url
from app.services.links.service import LinkService

pytestmark = pytest.mark.integration


def test_file_link_round_trip(owner: Owner, tmp_path: Path) -> None:
    data = os.urandom(8 * 1024 * 1024 + 77)  # three chunks of 4 MiB, the last one short
    upload(owner, tmp_path, {"report.bin": data})
    made = owner.links.create("/report.bin")
    assert made.url.startswith(owner.base + "/l/") and "#" in made.url
    opened = open_link(made.url)
    assert opened.manifest.type == "file"
    assert [f.path for f in opened.manifest.files] == ["report.bin"]
    assert opened.content(0) == data


def test_folder_link_lists_every_file(owner: Owner, tmp_path: Path) -> None:
    layout = {"Docs/a.txt": b"alpha", "Docs/sub/b.txt": b"beta", "Docs/empty.txt": b""}
    upload(owner, tmp_path, layout)
    opened = open_link(owner.links.create("/Docs").url)
    paths = [f.path for f in opened.manifest.files]
    assert sorted(paths) == ["a.txt", "empty.txt", "sub/b.txt"]
    for number, path in enumerate(paths):
        assert opened.content(number) == layout["Docs/" + path]


def test_password_link_needs_the_password(owner: Owner, tmp_path: Path) -> None:
    upload(owner, tmp_path, {"secret.txt": b"the plans"})
    url = owner.links.create("/secret.txt", password="hunter2 hunter2").url
    about = info(url)
    assert about["password"] is True and about["iterations"] >= 600_000
    with pytest.raises(RefusedError) as refused:
        open_link(url)  # the fragment alone
    assert refused.value.status == 403 and refused.value.code == "wrong-key"
    assert open_link(url, "hunter2 hunter2").content(0) == b"the plans"


def test_wrong_passwords_are_throttled_per_link(owner: Owner, tmp_path: Path) -> None:
    upload(owner, tmp_path, {"t.txt": b"x"})
    url = owner.links.create("/t.txt", password="right").url
    for _ in range(10):
        with pytest.raises(RefusedError) as refused:
            open_link(url, "wrong")
        assert refused.value.code == "wrong-key"
    with pytest.raises(RefusedError) as refused:
        open_link(url, "right")  # even the right one waits now: guessing is bounded
    assert refused.value.status == 429 and refused.value.code == "throttled"


def test_download_limit_counts_opens(owner: Owner, tmp_path: Path) -> None:
    upload(owner, tmp_path, {"once.txt": b"only twice"})
    url = owner.links.create("/once.txt", max_downloads=2).url
    first = open_link(url)
    open_link(url)
    with pytest.raises(RefusedError) as refused:
        open_link(url)
    assert refused.value.status == 410 and refused.value.code == "used-up"
    assert first.content(0) == b"only twice"  # a download already started may finish
    page = requests.get(url.partition("#")[0], timeout=10)
    assert page.status_code == 410 and "download limit" in page.text


def test_expired_link_says_so(owner: Owner, tmp_path: Path) -> None:
    upload(owner, tmp_path, {"soon.txt": b"gone soon"})
    url = owner.links.create("/soon.txt", expires_in=1).url
    time.sleep(1.2)
    with pytest.raises(RefusedError) as refused:
        open_link(url)
    assert refused.value.code == "expired"
    page = requests.get(url.partition("#")[0], timeout=10)
    assert page.status_code == 410 and "expired" in page.text


def test_revoked_link_says_so_and_its_blocks_are_gone(owner: Owner, tmp_path: Path) -> None:
    upload(owner, tmp_path, {"r.txt": b"revoke me"})
    made = owner.links.create("/r.txt")
    opened = open_link(made.url)
    owner.links.revoke(made.link_id)
    with pytest.raises(RefusedError) as refused:
        opened.block(0, 0)  # an open grant stops working too
    assert refused.value.status == 410
    page = requests.get(made.url.partition("#")[0], timeout=10)
    assert page.status_code == 410 and "revoked" in page.text
    listed = {link.link_id: link for link in owner.links.owned()}
    assert listed[made.link_id].state == "revoked" and listed[made.link_id].url is None


def test_listing_rebuilds_the_url_from_the_sealed_note(owner: Owner, tmp_path: Path) -> None:
    upload(owner, tmp_path, {"l.txt": b"list me"})
    made = owner.links.create("/l.txt", max_downloads=5)
    listed = {link.link_id: link for link in owner.links.owned()}[made.link_id]
    assert (listed.url, listed.path, listed.max_downloads) == (made.url, "/l.txt", 5)


def test_block_without_grant_is_refused(owner: Owner, tmp_path: Path) -> None:
    upload(owner, tmp_path, {"g.txt": b"grant"})
    _base, secret = parse_link_url(owner.links.create("/g.txt").url)
    answer = requests.get(f"{owner.base}/l/{secret.link_id}/b/0/0", timeout=10)
    assert answer.status_code == 400
    fake = {"X-Link-Grant": "A" * 32}
    answer = requests.get(f"{owner.base}/l/{secret.link_id}/b/0/0", headers=fake, timeout=10)
    assert answer.status_code == 403


def test_page_has_a_strict_content_security_policy(owner: Owner, tmp_path: Path) -> None:
    upload(owner, tmp_path, {"c.txt": b"csp"})
    page = requests.get(owner.links.create("/c.txt").url.partition("#")[0], timeout=10)
    assert page.status_code == 200
    policy = page.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "<script>" not in page.text
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert requests.get(owner.base + "/l/" + "A" * 22, timeout=10).status_code == 404


def test_bad_input_gets_a_4xx_never_a_500(owner: Owner, tmp_path: Path) -> None:
    upload(owner, tmp_path, {"b.txt": b"bad input"})
    made = owner.links.create("/b.txt")
    link = f"{owner.base}/l/{made.link_id}"
    answers = [
        requests.post(link + "/open", data=b"not json", timeout=10),
        requests.post(link + "/open", json=["a list"], timeout=10),
        requests.post(link + "/open", json={"access": "!!"}, timeout=10),
        requests.post(link + "/open", json={"access": "QUFB"}, timeout=10),
        requests.post(link + "/open", data=b"{" * 5000, timeout=10),
        requests.get(link + "/b/0/0", headers={"X-Link-Grant": "%%%"}, timeout=10),
        requests.get(link + "/b/99/99999", headers={"X-Link-Grant": "A" * 32}, timeout=10),
        requests.post(
            link + "/drops", data=b"x" * 5000, headers={"X-Link-Grant": "A" * 32}, timeout=10
        ),
        requests.put(
            link + "/drops/1/0", data=b"x", headers={"X-Link-Grant": "A" * 32}, timeout=10
        ),
        requests.post(link + "/drops/1/done", json={"count": "x"}, timeout=10),
        requests.get(f"{owner.base}/l/{'B' * 22}/info", timeout=10),
        requests.get(f"{owner.base}/l/static/other.js", timeout=10),
    ]
    statuses = [answer.status_code for answer in answers]
    assert all(400 <= status < 500 for status in statuses), statuses
    assert open_link(made.url).content(0) == b"bad input"  # and the link still works


def test_a_hostile_upload_does_not_stop_the_good_ones(owner: Owner, tmp_path: Path) -> None:
    made = owner.links.request("/Inbox")
    opened = open_link(made.url)
    good = os.urandom(1024 * 1024 + 5)
    opened.drop("good.bin", good)
    opened.drop("evil.bin", b"x", header=b"\x01" + os.urandom(120))  # does not open
    opened.drop("late.txt", b"also fine")
    received = tmp_path / "received"
    received.mkdir()
    collected = owner.links.collect(made.link_id, received)
    assert sorted(p.name for p in collected.saved) == ["good.bin", "late.txt"]
    assert (received / "good.bin").read_bytes() == good
    assert len(collected.rejected) == 1 and "does not open" in collected.rejected[0][1]
    assert sorted(p.name for p in received.iterdir()) == ["good.bin", "late.txt"]  # no temp


def test_a_download_link_takes_no_uploads(owner: Owner, tmp_path: Path) -> None:
    upload(owner, tmp_path, {"d.txt": b"download only"})
    opened = open_link(owner.links.create("/d.txt").url)
    opened.manifest = replace(opened.manifest, request_key=new_request_key()[1])
    with pytest.raises(RefusedError) as refused:
        opened.drop("x.txt", b"x")
    assert (refused.value.status, refused.value.code) == (409, "state")


class _Recorder:
    """An RPC caller that keeps every call's params as the server receives them."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.sent: list[bytes] = []

    def call(self, method: str, **params: Any) -> Any:
        self.sent.append(msgpack.packb([method, params], use_bin_type=True))
        return self.inner.call(method, **params)


def test_creating_a_link_never_sends_its_secret(owner: Owner, tmp_path: Path) -> None:
    """Security checklist item 14: the link key, the password and every value derived from
    them that could test a guess offline stay on the client; only SHA-256(access) goes."""
    upload(owner, tmp_path, {"s.txt": b"secret content"})
    recorder = _Recorder(owner.session.channel)
    files = FileService(recorder, owner.session.vault)  # type: ignore[arg-type]
    links = LinkService(files, LinksApi(recorder), owner.session.vault, owner.base)
    password = "the password itself"
    made = links.create("/s.txt", password=password)
    _base, secret = parse_link_url(made.url)
    [create] = [m for m in recorder.sent if b"linkCreate" in m[:20]]
    kdf = msgpack.unpackb(create, raw=False)[1]["kdf"]
    stretched = pbkdf2("sha256", password.encode(), kdf["salt"], kdf["iterations"], 32)
    keys = secret.keys(password, kdf["salt"], kdf["iterations"])
    needles = [
        secret.key,
        b64u(secret.key).encode(),
        password.encode(),
        stretched,
        keys.access,
        keys.manifest_key,
        b"secret content",
    ]
    traffic = b"".join(recorder.sent)
    assert len(recorder.sent) >= 4 and keys.access_hash in traffic  # it did record the calls
    for needle in needles:
        assert needle not in traffic


class _Flipper(_Recorder):
    """The malicious server: flips one bit of every file block it serves."""

    def call(self, method: str, **params: Any) -> Any:
        answer = super().call(method, **params)
        if method == "blockGet":
            answer = {**answer, "data": _flipped(answer["data"])}
        if method == "blockGetMany":
            answer = {**answer, "data": [_flipped(block) for block in answer["data"]]}
        return answer


def _flipped(block: bytes) -> bytes:
    return block[:-1] + bytes([block[-1] ^ 1])


def test_a_tampered_drive_file_makes_no_link(
    owner: Owner, tmp_path: Path, link_server: ServerProcess
) -> None:
    upload(owner, tmp_path, {"f.txt": b"flip me"})
    flipper = _Flipper(owner.session.channel)
    files = FileService(flipper, owner.session.vault)  # type: ignore[arg-type]
    links = LinkService(files, LinksApi(owner.session.channel), owner.session.vault, owner.base)
    with pytest.raises(TamperingDetectedError):
        links.create("/f.txt")
    [made] = owner.links.owned()
    assert made.state == "revoked"  # nothing half-made stays on the server
    assert not (link_server.data_dir / "links" / made.link_id).exists()
