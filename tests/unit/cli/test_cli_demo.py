"""`python -m app` / `privshare demo`: what it prints must be true of the vault it made."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli.demo import phrase_grid
from app.cli.main import main
from app.crypto import bip39
from app.vault import KDF_FLOOR, Vault

NOW = 1_700_000_000

ROOT = Path(__file__).resolve().parents[3]
PASSWORD = "demo password for the test"


def _parse(output: str) -> tuple[str, str, Path]:
    numbered = dict(re.findall(r"(\d+)\. ([a-z]+)", output))
    phrase = " ".join(numbered[str(i)] for i in range(1, 25))
    public = re.search(r"Identity public key \(m/2'\): ([0-9a-f]{66})", output)
    folder = re.search(r"Profile folder: (\S+)", output)
    assert public and folder, output
    return phrase, public.group(1), Path(folder.group(1))


def test_the_demo_shows_a_phrase_that_restores_the_key_it_shows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PRIVSHARE_PASSWORD", PASSWORD)
    assert main(["demo", "--profile", str(tmp_path / "demo")]) == 0
    out = capsys.readouterr().out
    phrase, public_hex, folder = _parse(out)
    assert "Password (from PRIVSHARE_PASSWORD)" in out
    assert "the same identity key came back" in out
    assert bip39.validate_mnemonic(phrase) == phrase

    restored = Vault.restore(tmp_path / "restored", phrase, "x", now=NOW, kdf=KDF_FLOOR)
    public = restored.identity_key.public_key.to_bytes()
    assert public.hex() == public_hex

    assert folder == tmp_path / "demo"
    made = Vault.open(folder)
    made.unlock(PASSWORD)
    assert made.mnemonic == phrase


def test_without_a_password_one_is_generated_and_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("PRIVSHARE_PASSWORD", raising=False)
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    assert main([]) == 0  # no arguments: the demo, in a temporary profile
    out = capsys.readouterr().out
    shown = re.search(r"Password \(generated\): (\S+)", out)
    assert shown, out
    _, _, folder = _parse(out)
    assert folder.parent == tmp_path and folder.name.startswith("privshare-demo-")
    Vault.open(folder).unlock(shown.group(1))


def test_an_existing_vault_is_a_one_line_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    Vault.create(tmp_path / "taken", "pw", now=NOW, kdf=KDF_FLOOR)
    monkeypatch.setenv("PRIVSHARE_PASSWORD", PASSWORD)
    assert main(["demo", "--profile", str(tmp_path / "taken")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("privshare: a vault already exists") and err.count("\n") == 1


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["no-such-command"])
    assert caught.value.code == 2
    with pytest.raises(SystemExit) as caught:
        main(["--version"])
    assert caught.value.code == 0
    assert "privshare 0.1.0" in capsys.readouterr().out


def test_the_grid_numbers_words_down_the_columns() -> None:
    words = list(bip39.WORDLIST[:24])
    lines = phrase_grid(" ".join(words))
    assert len(lines) == 6
    for row, line in enumerate(lines):
        expected = []
        for column in range(4):
            index = row + 6 * column
            expected += [f"{index + 1}.", words[index]]
        assert line.split() == expected


@pytest.mark.slow  # a python -m app subprocess at the default Argon2id cost
def test_python_dash_m_app_runs_the_demo(tmp_path: Path) -> None:
    env = {**os.environ, "PRIVSHARE_PASSWORD": PASSWORD, "TMPDIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "app"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    _, _, folder = _parse(done.stdout)
    assert folder.parent == tmp_path
    assert (folder / "vault.bin").stat().st_mode & 0o777 == 0o600
