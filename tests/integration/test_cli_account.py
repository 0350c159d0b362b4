"""`privshare account create|info|delete`, `login`, `recover`, `passwd` and `privshare
server [invite]`, run as subprocesses against a real server process (issue 5 §1, §4)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from server_harness import ServerProcess

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
IDENTITY_LINE = re.compile(r"Identity key \(m/2'\): ([0-9a-f]{66})")


def privshare(
    profile: Path, *args: str, timeout: float = 60, **secrets: str
) -> subprocess.CompletedProcess[str]:
    """Run `python -m app --profile PROFILE ARGS` with PRIVSHARE_<NAME> secrets only."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRIVSHARE_")}
    env.update({f"PRIVSHARE_{name.upper()}": value for name, value in secrets.items()})
    command = [sys.executable, "-m", "app", "--profile", str(profile), *args]
    return subprocess.run(
        command,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def phrase_of(output: str) -> str:
    words = dict((int(n), w) for n, w in re.findall(r"(\d+)\. ([a-z]+)", output))
    assert sorted(words) == list(range(1, 25)), output
    return " ".join(words[i] for i in range(1, 25))


def identity_of(output: str) -> str:
    found = IDENTITY_LINE.search(output)
    assert found, output
    return found.group(1)


def assert_failed(result: subprocess.CompletedProcess[str], code: int, text: str) -> None:
    assert result.returncode == code, (result.stdout, result.stderr)
    assert result.stderr.startswith("privshare: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr and text in result.stderr, result.stderr


def new_address(server: ServerProcess) -> str:
    return f"u{uuid.uuid4().hex[:10]}#{server.host}"


@pytest.mark.slow  # several `python -m app` subprocesses
def test_create_login_recover_passwd_delete(server: ServerProcess, tmp_path: Path) -> None:
    address = new_address(server)
    created = privshare(
        tmp_path / "p1", "account", "create", address, password="first pass phrase 1"
    )
    assert created.returncode == 0, created.stderr
    assert "WRITE THESE 24 WORDS DOWN" in created.stdout
    phrase, identity = phrase_of(created.stdout), identity_of(created.stdout)

    second = privshare(tmp_path / "p2", "login", address, password="first pass phrase 1")
    assert second.returncode == 0, second.stderr
    assert identity_of(second.stdout) == identity  # same keys on the second device

    wrong = privshare(tmp_path / "p3", "login", address, password="pw-wrong")
    assert_failed(wrong, 3, "login failed")
    assert not (tmp_path / "p3" / "vault.bin").exists()

    recovered = privshare(
        tmp_path / "p4", "recover", address, mnemonic=phrase, new_password="second pass phrase 2"
    )
    assert recovered.returncode == 0, recovered.stderr
    assert identity_of(recovered.stdout) == identity
    assert_failed(
        privshare(tmp_path / "p5", "login", address, password="first pass phrase 1"), 3, "login"
    )
    assert (
        privshare(tmp_path / "p6", "login", address, password="second pass phrase 2").returncode
        == 0
    )

    changed = privshare(
        tmp_path / "p4",
        "passwd",
        password="second pass phrase 2",
        new_password="third pass phrase 3",
    )
    assert changed.returncode == 0, changed.stderr
    assert (
        privshare(tmp_path / "p8", "login", address, password="third pass phrase 3").returncode == 0
    )
    assert (
        privshare(tmp_path / "p4", "account", "info", password="third pass phrase 3").returncode
        == 0
    )
    assert_failed(
        privshare(tmp_path / "p4", "account", "info", password="second pass phrase 2"), 3, ""
    )
    # p1 keeps its own vault password and logs in with its key
    info = privshare(tmp_path / "p1", "account", "info", password="first pass phrase 1")
    assert info.returncode == 0 and address in info.stdout, info.stderr

    deleted = privshare(
        tmp_path / "p4", "account", "delete", "--yes", password="third pass phrase 3"
    )
    assert deleted.returncode == 0, deleted.stderr
    assert (tmp_path / "p4" / "vault.bin").exists()  # the local vault is kept
    assert_failed(
        privshare(tmp_path / "p1", "account", "info", password="first pass phrase 1"), 3, ""
    )


def test_unreachable_server_exits_5(tmp_path: Path) -> None:
    result = privshare(tmp_path / "p", "login", "someone#127.0.0.1:9", password="pw")
    assert_failed(result, 5, "http://127.0.0.1:9/")  # the plain-http URL tried is quoted
    assert not (tmp_path / "p" / "vault.bin").exists()


def test_delete_needs_confirmation_without_a_terminal(
    server: ServerProcess, tmp_path: Path
) -> None:
    address = new_address(server)
    assert (
        privshare(
            tmp_path / "p", "account", "create", address, password="correct horse battery"
        ).returncode
        == 0
    )
    refused = privshare(tmp_path / "p", "account", "delete", password="correct horse battery")
    assert refused.returncode == 1 and "--yes" in refused.stderr
    assert (
        privshare(tmp_path / "p", "account", "info", password="correct horse battery").returncode
        == 0
    )


@pytest.mark.slow  # several `python -m app` subprocesses
def test_privshare_server_with_invitations(tmp_path: Path) -> None:
    data = tmp_path / "server-data"
    process = subprocess.Popen(
        [sys.executable, "-m", "app", "server", "--data-dir", str(data), "--port", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("READY http://127.0.0.1:"), line
        host = line.split()[1].removeprefix("http://")
        address = f"carol#{host}"
        refused = privshare(
            tmp_path / "p1", "account", "create", address, password="correct horse battery"
        )
        assert_failed(refused, 1, "invitation")
        assert not (tmp_path / "p1" / "vault.bin").exists()

        invite = privshare(tmp_path / "unused", "server", "invite", "--data-dir", str(data))
        token = invite.stdout.strip()
        assert invite.returncode == 0 and re.fullmatch(r"[A-Za-z0-9_-]{40,}", token)
        with_token = ("--token", token)
        made = privshare(
            tmp_path / "p1",
            "account",
            "create",
            address,
            *with_token,
            password="correct horse battery",
        )
        assert made.returncode == 0, made.stderr
        other = f"dave#{host}"
        again = privshare(
            tmp_path / "p2",
            "account",
            "create",
            other,
            *with_token,
            password="correct horse battery",
        )
        assert_failed(again, 1, "invitation")
    finally:
        process.send_signal(signal.SIGTERM)
        status = process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()
    assert status == 0
