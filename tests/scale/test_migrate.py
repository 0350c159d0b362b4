"""`privshare server migrate`: an embedded server's data moves to PostgreSQL + S3, is
verified, and the same users keep working against a fleet member on the same address."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from engine_helpers import REPO, Postgres, SeaweedFS, free_port
from fleet_helpers import create_database, start_member
from integration.links.page_helpers import open_link

from server_stub.backends.s3.blocks import S3Blocks, S3Location

pytestmark = [pytest.mark.slow, pytest.mark.integration]
PASSWORD = "migrate me"


def run(*args: str, profile: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRIVSHARE_")}
    env["PRIVSHARE_PASSWORD"] = PASSWORD
    command = [sys.executable, "-m", "app"]
    command += ["--profile", str(profile)] if profile is not None else []
    return subprocess.run(
        [*command, *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        stdin=subprocess.DEVNULL,
    )


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, (result.stdout[-1500:], result.stderr[-1500:])
    return result.stdout


def test_migrate_an_embedded_server_and_keep_serving_its_users(
    tmp_path: Path, postgres: Postgres, seaweedfs: SeaweedFS
) -> None:
    data_dir, port = tmp_path / "data", free_port()
    url = f"http://127.0.0.1:{port}"
    embedded = start_member(data_dir, ["--port", str(port)], url, tmp_path / "embedded.log")
    alice, bob = f"alice#127.0.0.1:{port}", f"bob#127.0.0.1:{port}"
    try:
        ok(run("account", "create", alice, profile=tmp_path / "a"))
        ok(run("account", "create", bob, profile=tmp_path / "b"))
        (tmp_path / "doc.bin").write_bytes(os.urandom(200_000))
        ok(run("put", str(tmp_path / "doc.bin"), "/", profile=tmp_path / "a"))
        link = ok(run("link", "/doc.bin", profile=tmp_path / "a")).strip()
    finally:
        assert embedded.stop() == 0

    database_url = create_database(postgres.url)
    bucket = "migrated-" + os.urandom(4).hex()
    S3Blocks.open(S3Location(bucket, seaweedfs.endpoint), create=True)
    target = ["--database", database_url, "--blob-store", f"s3://{bucket}"]
    target += ["--s3-endpoint", seaweedfs.endpoint]
    moved = run("server", "migrate", "--data-dir", str(data_dir), *target)
    assert moved.returncode == 0, moved.stderr
    assert "migrated and verified" in moved.stdout and " 0 blocks" not in moved.stdout
    assert " 0 share-link blobs" not in moved.stdout
    again = run("server", "migrate", "--data-dir", str(data_dir), *target)
    assert again.returncode == 1
    assert again.stderr.splitlines()[-1] == (
        "privshare: the target database already holds data: give an empty one"
    )

    member = start_member(data_dir, ["--port", str(port), *target], url, tmp_path / "m.log")
    try:
        out = tmp_path / "out"
        out.mkdir()
        ok(run("get", "/doc.bin", str(out), profile=tmp_path / "a"))
        assert (out / "doc.bin").read_bytes() == (tmp_path / "doc.bin").read_bytes()
        assert open_link(link).content(0) == (tmp_path / "doc.bin").read_bytes()  # from S3
        assert bob in ok(run("whois", bob, profile=tmp_path / "a"))  # same log, same heads
        ok(run("login", alice, profile=tmp_path / "a2"))
    finally:
        member.stop()
    with psycopg.connect(database_url) as connection:
        row = connection.execute("SELECT count(*) FROM pki_heads").fetchone()
    assert row is not None and row[0] >= 3


def test_migrate_refuses_a_directory_that_is_no_server(tmp_path: Path) -> None:
    result = run(
        "server",
        "migrate",
        "--data-dir",
        str(tmp_path),
        "--database",
        "postgresql://u@127.0.0.1:1/db",
        "--blob-store",
        "s3://bucket1",
    )
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert "is not a server's data directory (no privshare.sqlite)" in result.stderr
