"""The `privshare` command as a person and a script meet it (issue 15, CLI), run as a
subprocess against the real server process: the desktop app's password rule, options
after the subcommand, `ls` sizes, `get` that never overwrites silently, `--json` for
every command that prints data, progress and a summary on a terminal, and Ctrl-C that
exits 130 leaving nothing behind."""

from __future__ import annotations

import json
import os
import pty
import select
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from server_harness import ROOT, ServerProcess

pytestmark = [pytest.mark.integration, pytest.mark.slow]

PASSWORD = "correct horse battery staple"


def run(*args: str, stderr_tty: bool = False, **secrets: str) -> subprocess.CompletedProcess[str]:
    """`python -m app ARGS` (the options where the caller puts them)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRIVSHARE_")}
    env.update({f"PRIVSHARE_{name.upper()}": value for name, value in secrets.items()})
    env.setdefault("PRIVSHARE_PASSWORD", PASSWORD)
    command = [sys.executable, "-m", "app", *args]
    if stderr_tty:
        return _with_terminal_stderr(command, env)
    return subprocess.run(
        command,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def _with_terminal_stderr(
    command: list[str], env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    main, terminal = pty.openpty()
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=terminal,
        stdin=subprocess.DEVNULL,
    )
    os.close(terminal)
    seen = b""
    while True:
        ready, _, _ = select.select([main], [], [], 60)
        if not ready:
            process.kill()
            break
        try:
            chunk = os.read(main, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    os.close(main)
    assert process.stdout is not None
    out = process.stdout.read().decode()
    process.stdout.close()
    return subprocess.CompletedProcess(command, process.wait(30), out, seen.decode())


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


def one_line_error(result: subprocess.CompletedProcess[str], code: int, *needles: str) -> None:
    assert result.returncode == code, (result.stdout, result.stderr)
    assert result.stderr.startswith("privshare: ") and result.stderr.count("\n") == 1
    for needle in needles:
        assert needle in result.stderr, result.stderr


@pytest.fixture(scope="module")
def profile(server: ServerProcess, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A profile with an account, made with the options after the subcommand."""
    folder = tmp_path_factory.mktemp("conventions") / "profile"
    address = f"u{uuid.uuid4().hex[:10]}#{server.host}"
    ok(run("account", "create", address, "--profile", str(folder)))
    return folder


def test_a_weak_new_password_is_refused_as_in_the_desktop_app(
    server: ServerProcess, profile: Path, tmp_path: Path
) -> None:
    address = f"u{uuid.uuid4().hex[:10]}#{server.host}"
    for weak, why in (("x", "at least 10 characters"), ("aaaaaaaaaaaa", "too easy to guess")):
        refused = run(
            "--profile", str(tmp_path / "new"), "account", "create", address, password=weak
        )
        one_line_error(refused, 2, why)
    assert not (tmp_path / "new").exists() or not any((tmp_path / "new").iterdir())
    unchanged = run("--profile", str(profile), "passwd", new_password="password123")
    one_line_error(unchanged, 2, "that password cannot be used")
    ok(run("--profile", str(profile), "account", "info"))  # the old password still opens it


def test_ls_header_human_sizes_and_bytes(profile: Path, tmp_path: Path) -> None:
    (tmp_path / "half.bin").write_bytes(os.urandom(1536))
    ok(run("put", str(tmp_path / "half.bin"), "/Sizes", "--profile", str(profile)))
    table = ok(run("ls", "/Sizes", "--profile", str(profile))).splitlines()
    assert table[0].split() == ["SIZE", "MODIFIED", "(UTC)", "NAME"]
    assert table[1].split()[:2] == ["1.5", "KiB"] and table[1].endswith("half.bin")
    raw = ok(run("ls", "/Sizes", "--bytes", "--profile", str(profile))).splitlines()
    assert raw[1].split()[0] == "1536"


def test_get_never_overwrites_without_force(profile: Path, tmp_path: Path) -> None:
    (tmp_path / "note.txt").write_text("from the server")
    ok(run("--profile", str(profile), "put", str(tmp_path / "note.txt"), "/Notes"))
    target = tmp_path / "out" / "note.txt"
    target.parent.mkdir()
    target.write_text("precious local edits")
    for local in (target, target.parent):  # a file name, or the folder it would land in
        refused = run("--profile", str(profile), "get", "/Notes/note.txt", str(local))
        one_line_error(refused, 1, str(target), "exists already", "--force")
        assert target.read_text() == "precious local edits"
    assert sorted(p.name for p in target.parent.iterdir()) == ["note.txt"]
    ok(run("--profile", str(profile), "get", "/Notes/note.txt", str(target), "--force"))
    assert target.read_text() == "from the server"


def test_json_from_every_command_that_prints_data(
    server: ServerProcess, profile: Path, tmp_path: Path
) -> None:
    def data(*args: str) -> object:
        return json.loads(ok(run(*args, "--json", "--profile", str(profile))))

    (tmp_path / "a.txt").write_text("alpha")
    assert data("mkdir", "/J") == {"path": "/J"}
    put = data("put", str(tmp_path / "a.txt"), "/J")
    assert isinstance(put, dict) and put["files"] == [{"path": "/J/a.txt", "size": 5}]
    assert put["bytes"] == 5 and put["remote"] == "/J"
    got = data("get", "/J/a.txt", str(tmp_path / "copy.txt"))
    assert isinstance(got, dict) and got["local"] == str(tmp_path / "copy.txt")
    assert got["files"] == [{"path": "/J/a.txt", "size": 5}]
    assert data("mv", "/J/a.txt", "/J/b.txt") == {"path": "/J/b.txt"}
    versions = data("versions", "/J/b.txt")
    assert isinstance(versions, list) and versions[0]["current"] is True
    restored = data("restore", "/J/b.txt", "1")
    assert isinstance(restored, dict) and restored["restored"] == 1
    info = data("account", "info")
    assert isinstance(info, dict) and len(info["check_words"]) == 8
    whois = data("whois", info["address"])
    assert isinstance(whois, dict) and whois["fingerprint"] == info["fingerprint"]

    friend = f"u{uuid.uuid4().hex[:10]}#{server.host}"
    made = json.loads(
        ok(run("--profile", str(tmp_path / "friend"), "account", "create", friend, "--json"))
    )
    assert made["address"] == friend and len(made["phrase"].split()) == 24
    recovered = run(
        "--profile",
        str(tmp_path / "friend-2"),
        "recover",
        friend,
        "--json",
        mnemonic=made["phrase"],
        new_password="another pass phrase 2",
    )
    assert json.loads(ok(recovered))["identity_key"] == made["identity_key"]
    shared = data("share", "/J", "--to", friend)
    assert shared == {"path": "/J", "to": friend, "access": "read"}
    inbox = json.loads(ok(run("inbox", "--json", "--profile", str(tmp_path / "friend"))))
    accepted = json.loads(
        ok(run("accept", inbox[0]["id"], "--json", "--profile", str(tmp_path / "friend")))
    )
    assert accepted == {"path": "/Shared/J", "from": info["address"]}
    shares = data("shares")
    assert isinstance(shares, dict) and shares["granted"][0]["to"] == friend
    unshared = data("unshare", "/J", "--from", friend)
    assert isinstance(unshared, dict) and unshared["removed"] == friend


def test_progress_and_summary_on_a_terminal(profile: Path, tmp_path: Path) -> None:
    (tmp_path / "big.bin").write_bytes(os.urandom(3 * 2**20))
    up = run("--profile", str(profile), "put", str(tmp_path / "big.bin"), "/P", stderr_tty=True)
    assert up.returncode == 0, up.stderr
    assert "3.0 MiB / 3.0 MiB" in up.stderr and "MiB/s" in up.stderr
    assert "uploaded 1 file, 3.0 MiB in " in up.stderr
    down = run(
        "--profile", str(profile), "get", "/P/big.bin", str(tmp_path / "copy"), stderr_tty=True
    )
    assert down.returncode == 0, down.stderr
    assert "downloaded 1 file, 3.0 MiB in " in down.stderr
    quiet = run("--profile", str(profile), "get", "/P/big.bin", str(tmp_path / "again"))
    assert quiet.returncode == 0 and quiet.stderr == ""  # off a terminal: no progress


def test_ctrl_c_exits_130_and_leaves_nothing_behind(profile: Path, tmp_path: Path) -> None:
    (tmp_path / "huge.bin").write_bytes(os.urandom(96 * 2**20))
    ok(run("--profile", str(profile), "put", str(tmp_path / "huge.bin"), "/C"))
    out = tmp_path / "out"
    out.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRIVSHARE_")}
    env["PRIVSHARE_PASSWORD"] = PASSWORD
    process = subprocess.Popen(
        [sys.executable, "-m", "app", "--profile", str(profile), "get", "/C/huge.bin", str(out)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not any(out.iterdir()) and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.002)
    assert process.poll() is None, "the download ended before it could be interrupted"
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, (stdout, stderr)
    assert stderr.strip().splitlines()[-1] == "privshare: interrupted"
    assert list(out.iterdir()) == []  # no partial file, no hidden temporary file
