"""Links in a real browser: headless Chromium (Debian `chromium` + `chromium-driver`,
installed by scripts/sysdeps.sh) driven by Selenium against the real server process.

The page opens, decrypts and saves; a wrong key, a tampered block, an expired and a
revoked link each show their error and save nothing; a file request uploads from the
browser and the owner reads it; and afterwards no link key is found anywhere the server
keeps anything (its log, its database, its block files).
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from links_world import Owner, upload
from server_harness import ServerProcess

from app.services.links.format import b64u, parse_link_url

pytestmark = [pytest.mark.integration, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
WAIT = 30.0

webdriver = pytest.importorskip("selenium.webdriver")
if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):  # scripts/sysdeps.sh installs them
    pytest.skip("chromium and chromium-driver are not installed", allow_module_level=True)

from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

SEEN_KEYS: list[bytes] = []
SEEN_PASSWORDS: list[str] = []


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    profile = tmp_path_factory.mktemp("chromium-profile")
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    options.add_experimental_option(
        "prefs", {"download.prompt_for_download": False, "safebrowsing.enabled": False}
    )
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(WAIT)
    yield driver
    driver.quit()


@pytest.fixture
def downloads(browser: object, tmp_path: Path) -> Path:
    """A fresh, empty download folder for this test."""
    folder = tmp_path / "downloads"
    folder.mkdir()
    browser.execute_cdp_cmd(  # type: ignore[attr-defined]
        "Browser.setDownloadBehavior",
        {"behavior": "allow", "downloadPath": str(folder), "eventsEnabled": False},
    )
    return folder


def _requests_sent(browser: object) -> list[str]:
    """Every request the browser sent since the last call: URL, headers and body as text."""
    sent = []
    for entry in browser.get_log("performance"):  # type: ignore[attr-defined]
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            request = message["params"]["request"]
            sent.append(json.dumps([request["url"], request["headers"], request.get("postData")]))
    return sent


def _remember(url: str, password: str | None = None) -> str:
    SEEN_KEYS.append(parse_link_url(url)[1].key)
    if password:
        SEEN_PASSWORDS.append(password)
    return url


def _wait(condition: Callable[[], object], what: str) -> object:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def _state(browser: object) -> str:
    return str(browser.find_element(By.TAG_NAME, "body").get_attribute("data-state"))  # type: ignore[attr-defined]


def _status(browser: object) -> str:
    return str(browser.find_element(By.ID, "status").text)  # type: ignore[attr-defined]


def _wait_state(browser: object, *states: str) -> str:
    return str(_wait(lambda: _state(browser) in states and _state(browser), f"state {states}"))


def _saved(folder: Path, name: str) -> bytes:
    target = folder / name
    _wait(lambda: target.exists() and not list(folder.glob("*.crdownload")), f"{name} saved")
    return target.read_bytes()


def _click_download(browser: object, number: int) -> None:
    button = browser.find_element(By.CSS_SELECTOR, f"button[data-file='{number}']")  # type: ignore[attr-defined]
    button.click()


def test_file_link_downloads_in_the_browser(
    browser: object, downloads: Path, owner: Owner, tmp_path: Path
) -> None:
    data = os.urandom(4 * 1024 * 1024 + 4321)  # two chunks (of 4 MiB: put's large-file size)
    upload(owner, tmp_path, {"photo.jpg": data})
    url = _remember(owner.links.create("/photo.jpg").url)
    browser.get(url)  # type: ignore[attr-defined]
    _wait_state(browser, "ready")
    _click_download(browser, 0)
    assert _wait_state(browser, "done", "error") == "done", _status(browser)
    assert _saved(downloads, "photo.jpg") == data


@pytest.mark.parametrize("how", ["one by one", "all"])
def test_folder_link_downloads_each_file(
    browser: object, downloads: Path, owner: Owner, tmp_path: Path, how: str
) -> None:
    layout = {"Trip/a.txt": b"first file", "Trip/more/b.txt": os.urandom(1024 * 1024 + 1)}
    upload(owner, tmp_path, layout)
    browser.get(_remember(owner.links.create("/Trip").url))  # type: ignore[attr-defined]
    _wait_state(browser, "ready")
    assert "2 file(s)" in browser.find_element(By.ID, "title").text  # type: ignore[attr-defined]
    if how == "all":
        browser.find_element(By.ID, "download-all").click()  # type: ignore[attr-defined]
        _wait(
            lambda: "Saved all 2 files" in _status(browser) or _state(browser) == "error",
            "all files",
        )
    else:
        for number in (0, 1):
            _click_download(browser, number)
            assert _wait_state(browser, "done", "error") == "done", _status(browser)
    assert _state(browser) == "done", _status(browser)
    assert _saved(downloads, "a.txt") == layout["Trip/a.txt"]
    assert _saved(downloads, "b.txt") == layout["Trip/more/b.txt"]


def test_password_link_in_the_browser(
    browser: object, downloads: Path, owner: Owner, tmp_path: Path
) -> None:
    upload(owner, tmp_path, {"plans.txt": b"the plans"})
    password = "blue canary 42"
    browser.get(_remember(owner.links.create("/plans.txt", password=password).url, password))  # type: ignore[attr-defined]
    _wait_state(browser, "password")
    field = browser.find_element(By.ID, "password")  # type: ignore[attr-defined]
    field.send_keys("not it")
    browser.find_element(By.ID, "unlock").click()  # type: ignore[attr-defined]
    _wait_state(browser, "error")
    assert "Wrong password" in _status(browser)
    field.clear()
    field.send_keys(password)
    browser.find_element(By.ID, "unlock").click()  # type: ignore[attr-defined]
    _wait_state(browser, "ready")
    _click_download(browser, 0)
    assert _wait_state(browser, "done", "error") == "done", _status(browser)
    assert _saved(downloads, "plans.txt") == b"the plans"


def test_wrong_key_shows_an_error_and_saves_nothing(
    browser: object, downloads: Path, owner: Owner, tmp_path: Path
) -> None:
    upload(owner, tmp_path, {"k.txt": b"key"})
    url = _remember(owner.links.create("/k.txt").url)
    wrong = url.partition("#")[0] + "#" + b64u(bytes(32))
    browser.get(wrong)  # type: ignore[attr-defined]
    _wait_state(browser, "error")
    assert "key in this link is wrong" in _status(browser)
    assert not browser.find_elements(By.CSS_SELECTOR, "button[data-file]")  # type: ignore[attr-defined]
    assert list(downloads.iterdir()) == []


@pytest.mark.parametrize("attack", ["flip", "swap"])
def test_tampered_block_shows_an_error_and_saves_nothing(
    browser: object,
    downloads: Path,
    owner: Owner,
    tmp_path: Path,
    link_server: ServerProcess,
    attack: str,
) -> None:
    upload(owner, tmp_path, {"t.bin": os.urandom(4 * 1024 * 1024 + 5000)})  # two chunks
    made = owner.links.create("/t.bin")
    first, second = (link_server.data_dir / "links" / made.link_id / f"0.{i}" for i in (0, 1))
    if attack == "flip":  # the malicious server flips one bit of the ciphertext
        data = bytearray(first.read_bytes())
        data[100] ^= 0x01
        first.write_bytes(bytes(data))
    else:  # ... or serves the chunks in the wrong order
        swapped = first.read_bytes()
        first.write_bytes(second.read_bytes())
        second.write_bytes(swapped)
    browser.get(_remember(made.url))  # type: ignore[attr-defined]
    _wait_state(browser, "ready")
    _click_download(browser, 0)
    assert _wait_state(browser, "done", "error") == "error"
    assert "did not verify" in _status(browser) and "Nothing was saved" in _status(browser)
    time.sleep(0.5)
    assert list(downloads.iterdir()) == []


@pytest.mark.parametrize("how", ["expired", "revoked"])
def test_gone_link_shows_a_plain_page(
    browser: object, downloads: Path, owner: Owner, tmp_path: Path, how: str
) -> None:
    upload(owner, tmp_path, {"g.txt": b"gone"})
    made = owner.links.create("/g.txt", expires_in=1 if how == "expired" else None)
    if how == "expired":
        time.sleep(1.2)
    else:
        owner.links.revoke(made.link_id)
    browser.get(_remember(made.url))  # type: ignore[attr-defined]
    text = browser.find_element(By.ID, "gone").text  # type: ignore[attr-defined]
    assert ("expired" if how == "expired" else "revoked") in text
    assert not browser.find_elements(By.CSS_SELECTOR, "button")  # type: ignore[attr-defined]
    assert list(downloads.iterdir()) == []


def test_file_request_upload_reaches_only_the_owner(
    browser: object, owner: Owner, tmp_path: Path, link_server: ServerProcess
) -> None:
    made = owner.links.request("/Inbox", title="Scans for the tax return")
    browser.get(_remember(made.url))  # type: ignore[attr-defined]
    _wait_state(browser, "ready")
    assert "Scans for the tax return" in browser.find_element(By.ID, "title").text  # type: ignore[attr-defined]
    local = tmp_path / "to-send"
    local.mkdir()
    big = os.urandom(2 * 1024 * 1024 + 99)
    (local / "scan.pdf").write_bytes(big)
    (local / "note.txt").write_bytes(b"hello owner")
    picker = browser.find_element(By.ID, "drop-files")  # type: ignore[attr-defined]
    picker.send_keys(f"{local / 'scan.pdf'}\n{local / 'note.txt'}")
    browser.find_element(By.ID, "send").click()  # type: ignore[attr-defined]
    assert _wait_state(browser, "done", "error") == "done", _status(browser)
    stored = b"".join(
        p.read_bytes() for p in (link_server.data_dir / "links" / made.link_id).iterdir()
    )
    assert b"hello owner" not in stored and big[:64] not in stored  # ciphertext only
    received = tmp_path / "received"
    received.mkdir()
    saved = owner.links.collect(made.link_id, received).saved
    assert sorted(p.name for p in saved) == ["note.txt", "scan.pdf"]
    assert (received / "scan.pdf").read_bytes() == big
    assert (received / "note.txt").read_bytes() == b"hello owner"
    again = owner.links.collect(made.link_id, received)  # collected once, then deleted
    assert (again.saved, again.rejected) == ([], [])


def test_link_throughput_is_a_benchmark_line(
    browser: object, downloads: Path, owner: Owner, tmp_path: Path
) -> None:
    """Making a link (download, verify, re-encrypt, upload) and a browser download of it
    (fetch, WebCrypto decrypt, save), beside `privshare get` of the same file, same run."""
    import benchmark_lines

    mib = 24
    data = os.urandom(mib << 20)
    upload(owner, tmp_path, {"big.bin": data})
    started = time.perf_counter()
    made = owner.links.create("/big.bin")
    create = time.perf_counter() - started
    started = time.perf_counter()
    owner.files.get("/big.bin", tmp_path / "peer.bin")
    peer = time.perf_counter() - started
    browser.get(_remember(made.url))  # type: ignore[attr-defined]
    _wait_state(browser, "ready")
    started = time.perf_counter()
    _click_download(browser, 0)
    assert _wait_state(browser, "done", "error") == "done", _status(browser)
    saved = _saved(downloads, "big.bin")
    in_browser = time.perf_counter() - started
    assert saved == data
    benchmark_lines.note(
        f"links, {mib} MiB file: make the link {mib / create:.0f} MiB/s; download and decrypt "
        f"in headless Chromium {mib / in_browser:.0f} MiB/s; peer: privshare get "
        f"{mib / peer:.0f} MiB/s (same run, loopback)"
    )


def test_no_link_key_ever_reached_the_server(browser: object, link_server: ServerProcess) -> None:
    """Runs last in this module: every key the tests above used, in every spelling, is in
    no request the browser sent (URL, headers, body) and nowhere the server keeps data."""
    assert SEEN_KEYS, "the browser tests above did not run"
    needles = [n for key in SEEN_KEYS for n in (key, b64u(key).encode(), key.hex().encode())]
    needles += [p.encode() for p in SEEN_PASSWORDS]
    console = [entry["message"] for entry in browser.get_log("browser")]  # type: ignore[attr-defined]
    violations = [line for line in console if "Content Security Policy" in line]
    assert not violations, violations  # the page runs as it is under its own strict policy
    sent = _requests_sent(browser)
    assert sum("/open" in request for request in sent) >= len(SEEN_KEYS) - 3  # opens were seen
    for request in sent:
        for needle in needles:
            assert needle not in request.encode(), f"a key or password was sent: {request[:200]}"
    haystacks = [link_server.log_path, *sorted(link_server.data_dir.rglob("*"))]
    copy = link_server.data_dir.parent / "scan-copy"
    for path in haystacks:
        if not path.is_file():
            continue
        shutil.copyfile(path, copy)  # the database files may be rewritten while we read
        content = copy.read_bytes()
        for needle in needles:
            assert needle not in content, f"a link key or password is in {path.name}"
