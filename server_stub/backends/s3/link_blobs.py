"""The bytes of share links in a fleet's bucket (the `LinkBlobs` port of
server_stub/links/blobs.py): key `links/<ID>/<name>`, beside the blocks' `blocks/`
prefix, which the leader's garbage collection alone sweeps (SPEC.md §3, §4). A PUT is
durable when it returns, so `sync` only checks the blobs are there. Every call blocks.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from server_stub.backends.s3.blocks import S3Location, make_client

__all__ = ["LINKS_PREFIX", "S3LinkBlobs"]

LINKS_PREFIX = "links/"
_DELETE_BATCH = 1000


class S3LinkBlobs:
    def __init__(self, location: S3Location, *, client: Any | None = None) -> None:
        self.location = location
        self._client = client if client is not None else make_client(location)

    def write(self, link_id: str, name: str, data: bytes) -> None:
        self._client.put_object(Bucket=self.location.bucket, Key=_key(link_id, name), Body=data)

    def sync(self, link_id: str, names: Iterable[str]) -> None:
        present = set(self._names(link_id))
        if any(name not in present for name in names):
            raise FileNotFoundError(f"a blob of link {link_id} is missing")

    def read(self, link_id: str, name: str) -> bytes:
        from botocore.exceptions import ClientError

        try:
            answer = self._client.get_object(Bucket=self.location.bucket, Key=_key(link_id, name))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                raise FileNotFoundError(name) from None
            raise
        return bytes(answer["Body"].read())

    def remove(self, link_id: str, names: Iterable[str]) -> None:
        self._delete([_key(link_id, name) for name in names])

    def remove_link(self, link_id: str) -> None:
        self._delete([_key(link_id, name) for name in self._names(link_id)])

    def _names(self, link_id: str) -> list[str]:
        prefix = _key(link_id, "")
        pages = self._client.get_paginator("list_objects_v2")
        return [
            entry["Key"].removeprefix(prefix)
            for page in pages.paginate(Bucket=self.location.bucket, Prefix=prefix)
            for entry in page.get("Contents", [])
        ]

    def _delete(self, keys: list[str]) -> None:
        for start in range(0, len(keys), _DELETE_BATCH):
            batch = [{"Key": key} for key in keys[start : start + _DELETE_BATCH]]
            self._client.delete_objects(
                Bucket=self.location.bucket, Delete={"Objects": batch, "Quiet": True}
            )


def _key(link_id: str, name: str) -> str:
    return f"{LINKS_PREFIX}{link_id}/{name}"
