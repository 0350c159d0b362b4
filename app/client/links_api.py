"""Typed wrappers of the server's link RPCs (server_stub/LINKS.md §6), for the link's owner.

`LinksApi(caller)` turns each RPC into a method; `caller` is a logged-in `Channel`. Errors:

    RemoteCallError (app.client.errors)     the server refused a call
    ├── LinkNotFoundError     2201  no such link (or not yours), drop or block
    ├── LinkExistsError       2202  the link id is in use
    ├── LinkLimitError        2203  a size or count limit
    └── LinkStateError        2204  not in the state the call needs
    MalformedLinkResponseError (ClientError)  the answer does not have the documented shape

Nothing here opens a note, a manifest or a drop: app.services.links does, and checks them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.client._answers import Answers
from app.client.errors import ClientError, RemoteCallError
from app.client.objects_api import RpcCaller

__all__ = [
    "LinkExistsError",
    "LinkLimitError",
    "LinkNotFoundError",
    "LinkStateError",
    "LinksApi",
    "ListedLink",
    "MalformedLinkResponseError",
    "NewLinkRecord",
    "StoredDrop",
]


class LinkNotFoundError(RemoteCallError):
    """No such link (or not the caller's), drop or block."""


class LinkExistsError(RemoteCallError):
    """A link with this id exists already."""


class LinkLimitError(RemoteCallError):
    """A server limit on links, their size or their drops."""


class LinkStateError(RemoteCallError):
    """The link is not in the state the call needs."""


class MalformedLinkResponseError(ClientError):
    """The server's answer to a link call does not have the documented shape."""


_ANSWERS = Answers(
    MalformedLinkResponseError,
    "a link call",
    {2201: LinkNotFoundError, 2202: LinkExistsError, 2203: LinkLimitError, 2204: LinkStateError},
)


@dataclass(frozen=True)
class NewLinkRecord:
    """What `linkCreate` sends: `access_hash` = SHA-256 of the access value."""

    link_id: str
    mode: str
    access_hash: bytes
    note: bytes
    salt: bytes | None = None
    iterations: int | None = None
    expires: int | None = None
    max_downloads: int | None = None


@dataclass(frozen=True)
class ListedLink:
    """One of the caller's links as the server keeps it."""

    link_id: str
    mode: str
    state: str
    created: float
    expires: int | None
    max_downloads: int | None
    downloads: int
    size: int
    drops: int
    password: bool
    note: bytes


@dataclass(frozen=True)
class StoredDrop:
    """A complete upload into a request link (its header still sealed)."""

    number: int
    header: bytes
    count: int
    size: int


class LinksApi:
    """The owner's link calls on one logged-in channel."""

    def __init__(self, caller: RpcCaller) -> None:
        self._caller = caller

    def _call(self, method: str, **params: Any) -> Any:
        return _ANSWERS.call(self._caller.call, method, **params)

    def create(self, link: NewLinkRecord) -> None:
        params: dict[str, Any] = dict(
            id=link.link_id, mode=link.mode, access=link.access_hash, note=link.note
        )
        if link.salt is not None:
            params["kdf"] = {"salt": link.salt, "iterations": link.iterations}
        if link.expires is not None:
            params["expires"] = link.expires
        if link.max_downloads is not None:
            params["maxDownloads"] = link.max_downloads
        self._call("linkCreate", **params)

    def put_block(self, link_id: str, file: int, index: int, data: bytes) -> None:
        self._call("linkBlockPut", id=link_id, file=file, index=index, data=data)

    def publish(self, link_id: str, manifest: bytes, counts: list[int]) -> None:
        self._call("linkPublish", id=link_id, manifest=manifest, counts=counts)

    def owned(self) -> list[ListedLink]:
        answer = self._call("linkList")
        if not isinstance(answer, list):
            raise MalformedLinkResponseError("linkList did not answer with a list")
        return [_listed(_ANSWERS.as_map(item)) for item in answer]

    def revoke(self, link_id: str) -> None:
        self._call("linkRevoke", id=link_id)

    def drops(self, link_id: str) -> list[StoredDrop]:
        answer = self._call("linkDrops", id=link_id)
        if not isinstance(answer, list):
            raise MalformedLinkResponseError("linkDrops did not answer with a list")
        field = _ANSWERS.field
        return [
            StoredDrop(
                field(m, "drop", int),
                field(m, "header", bytes),
                field(m, "count", int),
                field(m, "size", int),
            )
            for m in map(_ANSWERS.as_map, answer)
        ]

    def drop_block(self, link_id: str, number: int, index: int) -> bytes:
        data = self._call("linkDropBlock", id=link_id, drop=number, index=index)
        if not isinstance(data, bytes):
            raise MalformedLinkResponseError("linkDropBlock did not answer with bytes")
        return data

    def delete_drop(self, link_id: str, number: int) -> None:
        self._call("linkDropDelete", id=link_id, drop=number)


def _optional_int(result: dict[str, Any], name: str) -> int | None:
    value = result.get(name)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise MalformedLinkResponseError(f"the server's answer lacks a valid {name!r}")
    return value


def _listed(result: dict[str, Any]) -> ListedLink:
    field = _ANSWERS.field
    return ListedLink(
        link_id=field(result, "id", str),
        mode=field(result, "mode", str),
        state=field(result, "state", str),
        created=_ANSWERS.number(result, "created"),
        expires=_optional_int(result, "expires"),
        max_downloads=_optional_int(result, "maxDownloads"),
        downloads=field(result, "downloads", int),
        size=field(result, "size", int),
        drops=field(result, "drops", int),
        password=field(result, "password", bool),
        note=field(result, "note", bytes),
    )
