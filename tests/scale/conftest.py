"""Session engines for the scale-out tests: one PostgreSQL and one SeaweedFS, started
here (installed when missing) and stopped after. Each test gets its own database and
its own bucket, so tests never see each other's rows or blocks."""

from __future__ import annotations

import secrets
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from engines import (
    S3_ACCESS_KEY,
    S3_SECRET_KEY,
    Postgres,
    SeaweedFS,
    start_postgres,
    start_seaweedfs,
)

from server_stub.backends.s3.blocks import S3Blocks, S3Location


@pytest.fixture(scope="session")
def engines_root() -> Iterator[Path]:
    # not under pytest's 0700 temp tree: the postgres user must reach its data directory
    root = Path(tempfile.mkdtemp(prefix="privshare-engines-"))
    yield root


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
