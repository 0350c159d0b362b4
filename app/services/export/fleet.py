"""A fleet's data read without its servers: the object source (datadir.ObjectSource) of
a fleet's PostgreSQL rows and S3 bucket (EXPORT.md §2b).

`FleetData` reads the current version of a descriptor from the same
`obj_descriptors`/`obj_versions` rows (server_stub/backends/SPEC.md, the columns of the
embedded schema) and a block from the bucket key `blocks/ab/cd/<64 hex>`;
`datadir.StoredObjects` answers the export's calls from them. Nothing is written: one
REPEATABLE READ, READ ONLY transaction (a consistent snapshot, even while the fleet
runs) and S3 GETs only. Credentials come from the standard variables (`PGPASSWORD` or
~/.pgpass; `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY`), never from the command line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from app.services.export.datadir import (
    CURRENT_VERSION,
    DamagedDataDirError,
    DataDirError,
    StoredObjects,
)

__all__ = ["FleetData", "FleetSource"]

_BUCKET = re.compile(r"s3://([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])/?")
_ENDPOINT = re.compile(r"https?://[^\s/]+/?")


@dataclass(frozen=True)
class FleetSource:
    """Where a fleet keeps its rows and its blocks."""

    database_url: str
    blob_store: str
    s3_endpoint: str | None = None

    def __str__(self) -> str:
        return f"{self.blob_store} and the database"


class FleetData:
    """The object source of a fleet (use `FleetData.open`)."""

    def __init__(self, connection: Any, client: Any, bucket: str) -> None:
        self._db = connection
        self._s3 = client
        self._bucket = bucket

    @classmethod
    @contextmanager
    def open(cls, source: FleetSource) -> Iterator[StoredObjects]:
        bucket, endpoint = _check(source)
        connection = _connect(source.database_url)
        try:
            _check_schema(connection)
            yield StoredObjects(cls(connection, _s3_client(endpoint), bucket))
        finally:
            connection.close()

    def current_version(self, descriptor_id: str) -> Any:
        import psycopg

        try:
            found = self._db.execute(CURRENT_VERSION.replace("?", "%s"), (descriptor_id,))
            return found.fetchone()
        except psycopg.Error as error:
            raise DataDirError(f"the database cannot be read: {_first_line(error)}") from None

    def block(self, block_id: bytes) -> bytes:
        from botocore.exceptions import BotoCoreError, ClientError

        name = block_id.hex()
        key = f"blocks/{name[:2]}/{name[2:4]}/{name}"
        try:
            answer = self._s3.get_object(Bucket=self._bucket, Key=key)
            return bytes(answer["Body"].read())
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                raise DamagedDataDirError(
                    f"the bucket is damaged: block {name[:16]}… is missing ({key})"
                ) from None
            raise DataDirError(f"the bucket {self._bucket} cannot be read: {error}") from None
        except BotoCoreError as error:
            raise DataDirError(f"the S3 store cannot be reached: {error}") from None


def _check(source: FleetSource) -> tuple[str, str | None]:
    if not source.database_url.startswith(("postgresql://", "postgres://")):
        raise DataDirError("--database must be a postgresql://USER@HOST:PORT/DB URL")
    bucket = _BUCKET.fullmatch(source.blob_store)
    if bucket is None:
        raise DataDirError("--blob-store must be s3://BUCKET")
    endpoint = source.s3_endpoint
    if endpoint is not None and not _ENDPOINT.fullmatch(endpoint):
        raise DataDirError("--s3-endpoint must be an http(s)://HOST[:PORT] URL")
    return bucket[1], endpoint


def _connect(url: str) -> Any:
    import psycopg

    try:
        connection = psycopg.connect(url, connect_timeout=10)
        connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        connection.read_only = True
    except psycopg.Error as error:
        raise DataDirError(f"cannot reach the database: {_first_line(error)}") from None
    return connection


def _check_schema(connection: Any) -> None:
    import psycopg

    try:
        tables = {
            name
            for (name,) in connection.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = current_schema()"
            )
        }
    except psycopg.Error as error:
        raise DataDirError(f"the database cannot be read: {_first_line(error)}") from None
    if not {"schema_version", "obj_descriptors", "obj_versions"} <= tables:
        raise DataDirError("the database is not a Privshare fleet's (no object tables)")


def _s3_client(endpoint: str | None) -> Any:
    import boto3
    from botocore.config import Config

    config = Config(
        s3={"addressing_style": "path"},
        retries={"max_attempts": 4, "mode": "standard"},
        connect_timeout=5,
        read_timeout=60,
    )
    return boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", config=config)


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]
