"""Session engines for the scale-out tests: one PostgreSQL and one SeaweedFS, started
here (installed when missing) and stopped after. Each test gets its own database and
its own bucket, so tests never see each other's rows or blocks."""

from __future__ import annotations

import secrets
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from backend_helpers import Backend
from engine_helpers import (
    S3_ACCESS_KEY,
    S3_SECRET_KEY,
    Postgres,
    SeaweedFS,
    start_postgres,
    start_seaweedfs,
)

from server_stub.backends.postgres.database import PgDatabase
from server_stub.backends.s3.blocks import S3Blocks, S3Location
from server_stub.database import Database
from server_stub.objects.blockfiles import BlockFiles
from server_stub.ports import SqlDatabase


@pytest.fixture(scope="session")
def engines_root() -> Iterator[Path]:
    # not under pytest's 0700 temp tree: the postgres user must reach its data directory
    root = Path(tempfile.mkdtemp(prefix="privshare-engines-"))
    yield root
    shutil.rmtree(root, ignore_errors=True)  # after the engines stopped (they depend on it)


@pytest.fixture(scope="session")
def postgres(engines_root: Path) -> Iterator[Postgres]:
    engine = start_postgres(engines_root / "pg")
    yield engine
    engine.stop()


@pytest.fixture(scope="session")
def seaweedfs(engines_root: Path) -> Iterator[SeaweedFS]:
    engine = start_seaweedfs(engines_root / "s3")
    with pytest.MonkeyPatch.context() as patch:  # boto3 reads only the standard variables
        patch.setenv("AWS_ACCESS_KEY_ID", S3_ACCESS_KEY)
        patch.setenv("AWS_SECRET_ACCESS_KEY", S3_SECRET_KEY)
        yield engine
    engine.stop()


@pytest.fixture
def s3_blocks(seaweedfs: SeaweedFS) -> S3Blocks:
    """A fresh, empty bucket on the session's SeaweedFS."""
    location = S3Location(f"t-{secrets.token_hex(6)}", seaweedfs.endpoint)
    return S3Blocks.open(location, create=True)


@pytest.fixture
def database_url(postgres: Postgres) -> str:
    """A fresh, empty database of the session's PostgreSQL."""
    import psycopg

    name = f"t_{secrets.token_hex(6)}"
    with psycopg.connect(postgres.url, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")
    return postgres.url.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    """The contract suite runs on both: SQLite + block files, PostgreSQL + S3."""
    if request.param == "sqlite":
        path = tmp_path / "privshare.sqlite"
        database: SqlDatabase = Database(path, threads=4)
        chosen = Backend("sqlite", database, BlockFiles(tmp_path / "blocks"), str(path))
    else:
        url = request.getfixturevalue("database_url")
        blocks = request.getfixturevalue("s3_blocks")
        chosen = Backend("postgres", PgDatabase(url, threads=4), blocks, url)
    yield chosen
    chosen.database.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
