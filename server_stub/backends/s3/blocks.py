"""Blocks in an S3 bucket (AWS, MinIO, SeaweedFS, Ceph): the `BlockStore` of a
multi-process server (backends/SPEC.md §3).

A block lives under `blocks/ab/cd/<64 hex>`. A PUT is durable when it returns, so
`write_unsynced` is `write` and `sync` has nothing to do. Puts are conditional
(`If-None-Match: *`) where the store supports it, so a stored block is never replaced;
a store that refuses the header gets a plain PUT of the same bytes (same key, same
content: still idempotent). Reads re-hash: an object that does not hash to its key is
never served.

`remove` does not delete: another process may be putting the same block again right
now, and only a check under the database's mutation lock can tell. Orphans are
deleted by `collect_orphans`, run by the one leader (backends/postgres/leader.py)
under that lock, after a grace period.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from app.wire.objects import block_id_matches
from server_stub.objects.errors import BlockUnavailableError

__all__ = ["BlobStoreError", "S3Blocks", "S3Location", "parse_blob_store"]

PREFIX = "blocks/"
_KEY = re.compile(r"blocks/([0-9a-f]{2})/([0-9a-f]{2})/([0-9a-f]{64})")
_BUCKET = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")
_DELETE_BATCH = 1000  # the most keys one DeleteObjects request takes
_log = logging.getLogger("server_stub.objects")


class BlobStoreError(Exception):
    """The bucket cannot be used (bad URL, unreachable, no such bucket, refused)."""


@dataclass(frozen=True)
class S3Location:
    """Where the blocks go: `s3://BUCKET` plus an optional endpoint URL (None: AWS)."""

    bucket: str
    endpoint: str | None = None
    region: str = "us-east-1"


def parse_blob_store(url: str, endpoint: str | None) -> S3Location:
    """`s3://BUCKET` (no path) -> its location; `BlobStoreError` saying what is wrong."""
    if not url.startswith("s3://"):
        raise BlobStoreError(f"--blob-store must look like s3://BUCKET, not {url!r}")
    bucket = url[len("s3://") :].rstrip("/")
    if not _BUCKET.fullmatch(bucket):
        raise BlobStoreError(f"{bucket!r} is not an S3 bucket name (3-63 of a-z 0-9 . -)")
    if endpoint is not None and not re.fullmatch(r"https?://[^/\s]+/?", endpoint):
        raise BlobStoreError(f"--s3-endpoint must look like http://HOST:PORT, not {endpoint!r}")
    return S3Location(bucket, endpoint.rstrip("/") if endpoint else None)


def block_key(block_id: bytes) -> str:
    name = block_id.hex()
    return f"{PREFIX}{name[:2]}/{name[2:4]}/{name}"


class S3Blocks:
    """The `BlockStore` port on one bucket; every call is blocking (run it off the loop)."""

    durable_on_put = True

    def __init__(self, location: S3Location, *, client: Any | None = None) -> None:
        self.location = location
        self._client = client if client is not None else make_client(location)
        self._conditional = True

    @classmethod
    def open(cls, location: S3Location, *, create: bool = False) -> S3Blocks:
        """Connect and check the bucket answers (creating it if `create`)."""
        from botocore.exceptions import BotoCoreError, ClientError

        blocks = cls(location)
        try:
            if create:
                _create_bucket(blocks._client, location.bucket)
            blocks._client.head_bucket(Bucket=location.bucket)
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "?")
            raise BlobStoreError(
                f"bucket {location.bucket!r} is not usable ({code}): create it, or check "
                "AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY"
            ) from None
        except BotoCoreError as exc:
            where = location.endpoint or "AWS"
            raise BlobStoreError(f"cannot reach the S3 store at {where}: {exc}") from None
        return blocks

    def exists(self, block_id: bytes) -> bool:
        from botocore.exceptions import ClientError

        try:
            self._client.head_object(Bucket=self.location.bucket, Key=block_key(block_id))
        except ClientError as exc:
            if _status(exc) == 404:
                return False
            raise
        return True

    def write(self, block_id: bytes, data: bytes | memoryview) -> None:
        """Store `data` under `block_id` (the caller checked the hash); idempotent."""
        self.write_unsynced(block_id, data)

    def write_unsynced(self, block_id: bytes, data: bytes | memoryview) -> bool:
        """Store `data` unless the key exists; True if this call stored it."""
        from botocore.exceptions import ClientError

        put = {"Bucket": self.location.bucket, "Key": block_key(block_id), "Body": bytes(data)}
        if self._conditional:
            try:
                self._client.put_object(**put, IfNoneMatch="*")
                return True
            except ClientError as exc:
                if _status(exc) in (409, 412):  # exists (409: a put of it is in flight)
                    return False
                if _status(exc) != 501:
                    raise
                self._conditional = False  # the store does not implement the header
        self._client.put_object(**put)
        return True

    def sync(self, block_ids: Iterable[bytes]) -> None:
        """Nothing to do: a PUT is durable when it returns."""

    def read(self, block_id: bytes) -> bytes:
        """The block's bytes, checked against its id; else `BlockUnavailableError`."""
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            answer = self._client.get_object(Bucket=self.location.bucket, Key=block_key(block_id))
            data: bytes = answer["Body"].read()
        except (ClientError, BotoCoreError):
            _log.error("block %s is referenced but missing from the bucket", block_id.hex())
            raise BlockUnavailableError("the block is unavailable") from None
        if not block_id_matches(block_id, data):
            _log.error("block %s is corrupt in the bucket: not served", block_id.hex())
            raise BlockUnavailableError("the block is unavailable")
        return data

    def remove(self, block_ids: Iterable[bytes]) -> None:
        """Nothing now: `collect_orphans` deletes them under the mutation lock."""

    def sweep(self, is_known: Callable[[bytes], bool]) -> int:
        """Delete every block `is_known` denies and every foreign key under the prefix;
        returns how many. Only safe where no put runs concurrently (migration checks,
        tests) or under the mutation lock (the leader)."""
        doomed = [key for key, block_id in self._keys(None) if block_id is None]
        doomed += [block_key(b) for _, b in self._keys(None) if b is not None and not is_known(b)]
        self._delete_keys(doomed)
        return len(doomed)

    def older_than(self, cutoff: float) -> list[bytes]:
        """Ids of blocks last written before `cutoff` (seconds since the epoch)."""
        return [b for _, b in self._keys(cutoff) if b is not None]

    def delete(self, block_ids: Iterable[bytes]) -> None:
        """Delete now (the caller holds the mutation lock and checked no row names them)."""
        self._delete_keys([block_key(block_id) for block_id in block_ids])

    def all_ids(self) -> list[bytes]:
        return [b for _, b in self._keys(None) if b is not None]

    def _keys(self, cutoff: float | None) -> list[tuple[str, bytes | None]]:
        found: list[tuple[str, bytes | None]] = []
        pages = self._client.get_paginator("list_objects_v2")
        for page in pages.paginate(Bucket=self.location.bucket, Prefix=PREFIX):
            for entry in page.get("Contents", []):
                if cutoff is not None and entry["LastModified"].timestamp() >= cutoff:
                    continue
                match = _KEY.fullmatch(entry["Key"])
                ok = match is not None and match[3].startswith(match[1] + match[2])
                found.append((entry["Key"], bytes.fromhex(match[3]) if ok and match else None))
        return found

    def _delete_keys(self, keys: list[str]) -> None:
        for start in range(0, len(keys), _DELETE_BATCH):
            batch = [{"Key": key} for key in keys[start : start + _DELETE_BATCH]]
            self._client.delete_objects(
                Bucket=self.location.bucket, Delete={"Objects": batch, "Quiet": True}
            )


def make_client(location: S3Location) -> Any:
    """A boto3 S3 client; credentials from the standard AWS variables or files only."""
    import boto3
    from botocore.config import Config

    logging.getLogger("botocore").setLevel(logging.WARNING)  # not where credentials came from

    config = Config(
        s3={"addressing_style": "path"},
        retries={"max_attempts": 4, "mode": "standard"},
        connect_timeout=5,
        read_timeout=60,
        max_pool_connections=32,
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
    )
    return boto3.client(
        "s3", endpoint_url=location.endpoint, region_name=location.region, config=config
    )


def _create_bucket(client: Any, bucket: str) -> None:
    """Create `bucket` if missing. A young SeaweedFS may refuse while its volumes grow:
    retried for a few seconds."""
    import time

    from botocore.exceptions import ClientError

    deadline = time.monotonic() + 15
    while True:
        try:
            client.create_bucket(Bucket=bucket)
            return
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "")
            if code in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
                return
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def _status(exc: Any) -> int:
    return int(exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0))
