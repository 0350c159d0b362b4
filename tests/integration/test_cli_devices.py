"""Linking a second device with a short code, through a real server process: `device add`
on the signed-in profile and `device join` on a fresh one, each a real `privshare`
process; the same verification words on both; the new device's own key and password;
`device list` / `device remove` (its key stops working); a wrong code (one try, then
spent) and an expired code, each ending with one line and no vault written."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from server_harness import ROOT, ServerProcess
from test_cli_account import assert_failed, identity_of, new_address, privshare

pytestmark = [pytest.mark.integration, pytest.mark.slow]

CODE_LINE = re.compile(r"^Code: (\d+-[a-z]+-[a-z]+)$", re.MULTILINE)
WORDS_LINE = re.compile(r"^Verification words: ((?:[a-z]+ ){3}[a-z]+)$", re.MULTILINE)


class Adding:
    """`privshare device add` running in the background until it has shown its code."""

    def __init__(self, profile: Path, *args: str, password: str) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PRIVSHARE_")}
        env["PRIVSHARE_PASSWORD"] = password
        command = [sys.executable, "-m", "app", "--profile", str(profile), "device", "add"]
        self.process = subprocess.Popen(
            [*command, *args],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        self.shown = ""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            self.shown += line
            if line.startswith("Code: "):
                break
        found = CODE_LINE.search(self.shown)
        assert found, (self.shown, self.finish()[2])
        self.code = found.group(1)

    def finish(self) -> tuple[int, str, str]:
        out, err = self.process.communicate(timeout=120)
        return self.process.returncode, self.shown + out, err


@pytest.fixture
def account_a(server: ServerProcess, tmp_path: Path) -> tuple[str, Path, str]:
    address = new_address(server)
    created = privshare(
        tmp_path / "A", "account", "create", address, password="alpha device pass phrase 1"
    )
    assert created.returncode == 0, created.stderr
    return address, tmp_path / "A", identity_of(created.stdout)


def test_link_list_use_and_remove_a_device(
    account_a: tuple[str, Path, str], tmp_path: Path
) -> None:
    address, profile_a, identity = account_a
    adding = Adding(profile_a, "--name", "laptop", "--yes", password="alpha device pass phrase 1")
    joined = privshare(
        tmp_path / "B",
        "device",
        "join",
        address,
        adding.code,
        new_password="bravo laptop pass phrase 2",
    )
    code, shown_a, err_a = adding.finish()
    assert joined.returncode == 0, joined.stderr
    assert code == 0, err_a
    words_a, words_b = WORDS_LINE.search(shown_a), WORDS_LINE.search(joined.stdout)
    assert words_a and words_b and words_a.group(1) == words_b.group(1)
    assert f"linked to {address} as 'laptop'" in joined.stdout

    info = privshare(tmp_path / "B", "account", "info", password="bravo laptop pass phrase 2")
    assert info.returncode == 0, info.stderr
    assert identity_of(info.stdout) == identity  # the same account, its own vault password
    assert_failed(
        privshare(tmp_path / "B", "account", "info", password="alpha device pass phrase 1"), 3, ""
    )

    # the new device works on the account's files: what it puts, device A reads
    (tmp_path / "note.txt").write_text("from the laptop")
    put = privshare(
        tmp_path / "B",
        "put",
        str(tmp_path / "note.txt"),
        "/",
        password="bravo laptop pass phrase 2",
    )
    assert put.returncode == 0, put.stderr
    listed = privshare(profile_a, "ls", "/", "--json", password="alpha device pass phrase 1")
    assert listed.returncode == 0, listed.stderr
    assert "note.txt" in {entry["name"] for entry in json.loads(listed.stdout)}

    seen_by_a = privshare(profile_a, "device", "list", password="alpha device pass phrase 1")
    assert seen_by_a.returncode == 0 and "laptop" in seen_by_a.stdout, seen_by_a.stderr
    assert "(this device)" not in seen_by_a.stdout
    seen_by_b = privshare(tmp_path / "B", "device", "list", password="bravo laptop pass phrase 2")
    assert re.search(r"^laptop .*\(this device\)$", seen_by_b.stdout, re.MULTILINE)

    taken = privshare(
        profile_a,
        "device",
        "add",
        "--name",
        "laptop",
        "--yes",
        password="alpha device pass phrase 1",
    )
    assert_failed(taken, 2, "a device named 'laptop' is already linked")
    assert "Code:" not in taken.stdout  # refused before any code is made
    bad = privshare(
        profile_a,
        "device",
        "add",
        "--name",
        "my laptop",
        "--yes",
        password="alpha device pass phrase 1",
    )
    assert_failed(bad, 2, "cannot name a device")

    removed = privshare(
        profile_a, "device", "remove", "laptop", password="alpha device pass phrase 1"
    )
    assert removed.returncode == 0, removed.stderr
    assert_failed(
        privshare(tmp_path / "B", "account", "info", password="bravo laptop pass phrase 2"),
        3,
        "login",
    )
    assert (
        privshare(profile_a, "account", "info", password="alpha device pass phrase 1").returncode
        == 0
    )
    again = privshare(
        profile_a, "device", "remove", "laptop", password="alpha device pass phrase 1"
    )
    assert_failed(again, 1, "no device named 'laptop'")


def test_a_wrong_code_fails_after_one_try_and_spends_the_code(
    account_a: tuple[str, Path, str], tmp_path: Path
) -> None:
    address, profile_a, _ = account_a
    adding = Adding(profile_a, "--yes", password="alpha device pass phrase 1")
    number, first, second = adding.code.split("-")
    wrong = f"{number}-{second}-{first}" if first != second else f"{number}-zoo-zoo"
    tried = privshare(
        tmp_path / "B", "device", "join", address, wrong, new_password="bravo laptop pass phrase 2"
    )
    assert_failed(tried, 3, "the code was wrong")
    code, shown, err = adding.finish()
    assert code == 3 and "the code was wrong" in err, (shown, err)
    assert "Verification words" not in shown  # nothing was shown, nothing moved
    assert not (tmp_path / "B" / "vault.bin").exists()

    late = privshare(
        tmp_path / "B",
        "device",
        "join",
        address,
        adding.code,
        new_password="bravo laptop pass phrase 2",
    )
    assert_failed(late, 3, "that code was already tried")
    assert not (tmp_path / "B" / "vault.bin").exists()
    assert (
        "device-"
        not in privshare(profile_a, "device", "list", password="alpha device pass phrase 1").stdout
    )


def test_an_expired_code(
    spawn_server: Callable[..., ServerProcess],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PRIVSHARE_RENDEZVOUS_TTL", "2")
    server = spawn_server(tmp_path / "short-codes", "--open-registration")
    address = new_address(server)
    created = privshare(
        tmp_path / "A", "account", "create", address, password="alpha device pass phrase 1"
    )
    assert created.returncode == 0, created.stderr
    adding = Adding(tmp_path / "A", "--yes", password="alpha device pass phrase 1")
    time.sleep(2.5)
    late = privshare(
        tmp_path / "B",
        "device",
        "join",
        address,
        adding.code,
        new_password="bravo laptop pass phrase 2",
    )
    assert_failed(late, 1, "not (or no longer) valid")
    code, _, err = adding.finish()
    assert code == 1 and "not (or no longer) valid" in err
    assert not (tmp_path / "B" / "vault.bin").exists()


def test_a_malformed_code_is_refused_before_anything(tmp_path: Path) -> None:
    result = privshare(
        tmp_path / "B", "device", "join", "a#127.0.0.1:9", "guitar-ocean", new_password="x"
    )
    assert_failed(result, 2, "is not a link code")
