"""`--database`, `--blob-store`, `--s3-endpoint`: printed by --print-config, read from the
TOML file, and any unusable value or engine is one line on stderr and an exit before the
server listens (never a half-started process)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from engine_helpers import REPO, Postgres, SeaweedFS, free_port


def server(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "server_stub", "--port", "0", *args]
    return subprocess.run(
        command,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
        stdin=subprocess.DEVNULL,
    )


def one_line_failure(result: subprocess.CompletedProcess[str], status: int, text: str) -> None:
    assert result.returncode == status, (result.stdout, result.stderr)
    assert "READY" not in result.stdout
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, result.stderr
    assert text in result.stderr, result.stderr


def test_print_config_shows_the_backend_and_reads_it_back(tmp_path: Path) -> None:
    config = tmp_path / "server.toml"
    config.write_text(
        '[server]\ndata_dir = "d"\ndatabase = "postgresql://privshare@db:5432/privshare"\n'
        'blob_store = "s3://privshare-blocks"\ns3_endpoint = "http://s3.internal:9000"\n'
    )
    printed = server("--config", str(config), "--print-config")
    assert printed.returncode == 0, printed.stderr
    assert 'database = "postgresql://privshare@db:5432/privshare"' in printed.stdout
    assert 'blob_store = "s3://privshare-blocks"' in printed.stdout
    assert 's3_endpoint = "http://s3.internal:9000"' in printed.stdout
    again = tmp_path / "again.toml"
    again.write_text(printed.stdout)
    assert server("--config", str(again), "--print-config").stdout == printed.stdout
    flags = server(
        "--data-dir",
        "d",
        "--database",
        "postgresql://u@h/db",
        "--blob-store",
        "s3://bucket",
        "--print-config",
    )
    assert 'database = "postgresql://u@h/db"' in flags.stdout
    assert "# s3_endpoint is unset: AWS" in flags.stdout


DB = ["--database", "postgresql://u@h/db"]
BAD_SETTINGS = [
    (["--database", "mysql://u@h/db", "--blob-store", "s3://bucket"], "postgresql://"),
    (["--database", "postgresql://u:secret@h/db", "--blob-store", "s3://bucket1"], "PGPASSWORD"),
    (DB, "go together"),
    ([*DB, "--blob-store", "bucket"], "s3://BUCKET"),
    ([*DB, "--blob-store", "s3://bucket1", "--s3-endpoint", "ftp://x"], "http://HOST:PORT"),
]


@pytest.mark.parametrize(("args", "text"), BAD_SETTINGS)
def test_bad_settings_are_one_line(tmp_path: Path, args: list[str], text: str) -> None:
    one_line_failure(server("--data-dir", str(tmp_path), *args), 2, text)


def test_unreachable_database_is_one_line(tmp_path: Path) -> None:
    url = f"postgresql://privshare@127.0.0.1:{free_port()}/postgres"
    result = server("--data-dir", str(tmp_path), "--database", url, "--blob-store", "s3://bucket1")
    one_line_failure(result, 1, "cannot use the database")


@pytest.mark.slow
def test_unusable_bucket_is_one_line_after_the_database_opened(
    tmp_path: Path, postgres: Postgres, seaweedfs: SeaweedFS
) -> None:
    args = ["--database", postgres.url, "--blob-store", "s3://no-such-bucket"]
    args += ["--s3-endpoint", seaweedfs.endpoint]
    result = server("--data-dir", str(tmp_path), *args)
    one_line_failure(result, 1, "bucket 'no-such-bucket' is not usable")
    wrong_key = {"AWS_ACCESS_KEY_ID": "ci", "AWS_SECRET_ACCESS_KEY": "wrong"}
    result = server("--data-dir", str(tmp_path), *args, env=wrong_key)
    one_line_failure(result, 1, "AWS_SECRET_ACCESS_KEY")
    unreachable = ["--s3-endpoint", f"http://127.0.0.1:{free_port()}"]
    result = server("--data-dir", str(tmp_path), *args[:4], *unreachable)
    one_line_failure(result, 1, "cannot reach the S3 store")
