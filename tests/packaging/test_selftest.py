"""`--self-test` from source: it passes on a working installation, and it fails with one
line naming the step when something is broken (a server that refuses to start, a quota
too small for the upload, set through the server's config file)."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from app.cli.commands.selftest import SAMPLE_SIZE, run_self_test, server_command
from app.services.selftest import SelfTestError

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]


def _clean_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRIVSHARE_")}
    env.update(QT_QPA_PLATFORM="offscreen", TMPDIR=str(tmp_path), **extra)
    return env


def _run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=180)


def test_self_test_passes_from_source(tmp_path: Path) -> None:
    result = _run([sys.executable, "-m", "app", "--self-test"], _clean_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("privshare self-test passed")
    assert result.stdout.count("\n") == 1
    assert list(tmp_path.iterdir()) == []  # the temporary folder is gone


def test_self_test_through_the_bundle_entry(tmp_path: Path) -> None:
    """packaging/entry.py is the bundle's main script: the same route, from source."""
    command = [sys.executable, str(ROOT / "packaging" / "entry.py"), "--self-test"]
    result = _run(command, _clean_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "passed" in result.stdout


def test_entry_runs_the_server_module(tmp_path: Path) -> None:
    """`privshare -m server_stub ...` is how the bundle starts its embedded server."""
    command = server_command(sys.executable, tmp_path / "data")
    command[1:3] = [str(ROOT / "packaging" / "entry.py"), "-m", "server_stub"]
    result = _run([*command, "--print-config"], _clean_env(tmp_path))
    assert result.returncode == 0, result.stderr
    printed = tomllib.loads(result.stdout)["server"]
    assert printed["data_dir"] == str(tmp_path / "data") and printed["open_registration"]
    assert printed["host"] == "127.0.0.1" and printed["port"] == 0


def test_a_quota_too_small_fails_the_upload_step(tmp_path: Path) -> None:
    config = tmp_path / "small.toml"
    config.write_text(f"[limits]\nquota = {SAMPLE_SIZE // 2}\n")
    env = _clean_env(tmp_path, PRIVSHARE_SERVER_CONFIG=str(config))
    result = _run([sys.executable, "-m", "app", "--self-test"], env)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("privshare self-test FAILED at upload: ")


def test_a_server_that_does_not_start_is_reported(tmp_path: Path) -> None:
    with pytest.raises(SelfTestError, match="exited with status 1") as caught:
        run_self_test(python="/bin/false", workdir=tmp_path)
    assert caught.value.step == "start server"
    assert list(tmp_path.iterdir()) == []
