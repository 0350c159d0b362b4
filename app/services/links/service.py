"""Share links: make, list and revoke them; make file requests and collect what was dropped.

    links = links_of(session)        # = LinkService(files, LinksApi(channel), vault, base_url)
    made = links.create("/Documents/report.pdf", password=None, expires_in=None, max_downloads=3)
    made.url                         # BASE/l/ID#KEY (the key only in the fragment)
    links.owned()                    # [LinkInfo], URLs rebuilt from the owner's sealed notes
    links.revoke(made.link_id)
    asked = links.request("/Inbox", title="Scans")
    links.collect(asked.link_id, Path("received"))   -> Collected(saved, rejected)

A link's content is re-encrypted under fresh content keys (server_stub/LINKS.md §3): the
server gets the ciphertext and a manifest sealed with a key derived from the link key,
never a key of the drive. Plaintext only passes through memory, chunk by chunk, from the
verified drive download into the link's encryption. Collected files are written to a
temporary name beside their target and renamed once fully verified. Only service errors
leave (app.services.boundary); a bad option is a `LinkUsageError` (an InvalidInputError).
"""

from __future__ import annotations

import contextlib
import functools
import os
import secrets
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import ParamSpec, TypeVar

from app.client.links_api import LinksApi, ListedLink, NewLinkRecord
from app.fs import ContentDecryptor, ContentEncryptor, ContentKeys, ItemKey
from app.fs.errors import TamperingError
from app.services.account import AccountSession
from app.services.boundary import service_boundary
from app.services.errors import InvalidInputError, TamperingDetectedError
from app.services.files.download import content_chunks
from app.services.files.partials import new_part_file, publish
from app.services.files.service import FileService
from app.services.files.tree import File, Folder, Item
from app.services.links.format import (
    MIN_PASSWORD_ITERATIONS,
    SALT_SIZE,
    LinkFormatError,
    LinkKeys,
    LinkSecret,
    Manifest,
    ManifestFile,
    OwnerNote,
    link_url,
    new_request_key,
    open_drop_header,
    open_note,
    seal_manifest,
    seal_note,
)
from app.services.sharing.mounts import is_shared_path
from app.vault import Vault

__all__ = [
    "Collected",
    "CreatedLink",
    "LinkInfo",
    "LinkService",
    "LinkUsageError",
    "links_of",
    "parse_duration",
]

MAX_FILES = 10_000
IN_FLIGHT = 4  # link blocks being sent
API_PATH = "/privmx/api/v1"  # a server's endpoint; its links live beside it, under /l/
_P = ParamSpec("_P")
_R = TypeVar("_R")


class LinkUsageError(InvalidInputError):
    """A link was asked for with options that cannot work (say which and what to do)."""


@dataclass(frozen=True)
class CreatedLink:
    link_id: str
    url: str
    files: int
    size: int


@dataclass(frozen=True)
class Collected:
    """What `collect` saved, and the drops it rejected: (drop number, reason)."""

    saved: list[Path]
    rejected: list[tuple[int, str]]


@dataclass(frozen=True)
class LinkInfo:
    """One of my links: `url` is None when its note does not open (made by another key)."""

    link_id: str
    mode: str
    state: str
    path: str
    url: str | None
    created: float
    expires: int | None
    max_downloads: int | None
    downloads: int
    drops: int
    password: bool
    kind: str = ""  # "file", "folder" or "request" ("" when the note does not open)


def _bounded(method: Callable[_P, _R]) -> Callable[_P, _R]:
    """Only service errors leave a use case (app.services.boundary)."""

    @functools.wraps(method)
    def run(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with service_boundary():
            return method(*args, **kwargs)

    return run


def links_of(session: AccountSession) -> LinkService:
    """The link use cases of an open account, with URLs on the account's own server."""
    base = session.config.endpoint.removesuffix(API_PATH)
    files = FileService(session.channel, session.vault)
    return LinkService(files, LinksApi(session.channel), session.vault, base)


def parse_duration(text: str) -> int:
    """Seconds of "30m", "12h", "7d", "2w" (a bare number is days)."""
    units = {"m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
    text = text.strip().lower()
    unit = units.get(text[-1:], None)
    number = text[:-1] if unit else text
    if not number.isdigit() or int(number) <= 0:
        raise LinkUsageError(f"{text!r} is not a duration: use e.g. 30m, 12h, 7d or 2w")
    return int(number) * (unit or 86400)


class LinkService:
    """The link use cases of one logged-in account."""

    def __init__(
        self,
        files: FileService,
        api: LinksApi,
        vault: Vault,
        base_url: str,
        *,
        clock: Callable[[], float] = time.time,
        randbytes: Callable[[int], bytes] = secrets.token_bytes,
        iterations: int = MIN_PASSWORD_ITERATIONS,
    ) -> None:
        self._files = files
        self._api = api
        self._base = base_url.rstrip("/")
        self._note_key = ItemKey(vault.branch(Vault.SETTINGS)).purpose_key("links/note")
        self._clock = clock
        self._randbytes = randbytes
        self._iterations = max(iterations, MIN_PASSWORD_ITERATIONS)

    # --- download links ---

    @_bounded
    def create(
        self,
        path: str,
        *,
        password: str | None = None,
        expires_in: int | None = None,
        max_downloads: int | None = None,
    ) -> CreatedLink:
        """Re-encrypt the file or folder at `path` for a new link; return its URL."""
        if password is not None and not password:
            raise LinkUsageError("an empty password protects nothing: give one or leave it out")
        if is_shared_path(path):
            raise LinkUsageError(
                f"{path} belongs to someone else: copy it into your own files to link to it"
            )
        item = self._files.tree.resolve(path)
        files = list(self._walk(item, ""))
        if not files:
            raise LinkUsageError(f"{path} is an empty folder: there is nothing to link to")
        if len(files) > MAX_FILES:
            raise LinkUsageError(f"a link holds at most {MAX_FILES} files")
        kind = "file" if isinstance(item, File) else "folder"
        secret = LinkSecret.generate(self._randbytes)
        keys, record = self._new_record(secret, "download", path, kind, password)
        record = replace(record, expires=self._expiry(expires_in), max_downloads=max_downloads)
        self._api.create(record)
        try:
            listed = tuple(self._upload(secret.link_id, n, f) for n, f in enumerate(files))
            manifest = Manifest(kind, _item_name(item), listed)
            sealed = seal_manifest(keys, secret.link_id, manifest, self._randbytes)
            self._api.publish(secret.link_id, sealed, [f.count for f in listed])
        except BaseException:
            with contextlib.suppress(Exception):  # the server keeps no half-made link
                self._api.revoke(secret.link_id)
            raise
        size = sum(f.size for f in listed)
        return CreatedLink(secret.link_id, link_url(self._base, secret), len(listed), size)

    def _walk(self, item: Item, prefix: str) -> Iterator[tuple[str, File]]:
        if isinstance(item, File):  # a file link: the file under its own name
            yield item.metadata.name, item
            return
        for entry in item.listing.entries:
            child = self._files.tree.open_entry(item, entry)
            if isinstance(child, Folder):
                yield from self._walk(child, f"{prefix}{entry.name}/")
            else:
                yield f"{prefix}{entry.name}", child

    def _upload(self, link_id: str, number: int, named: tuple[str, File]) -> ManifestFile:
        path, file = named
        metadata = file.metadata
        content = ContentKeys.generate(metadata.content.chunk_size, self._randbytes)
        api = self._files.tree.api_for(None)
        encryptor = ContentEncryptor(content, hash_blocks=False)
        with ThreadPoolExecutor(IN_FLIGHT, thread_name_prefix="link") as pool:
            chunks = content_chunks(api, file)
            sending: deque[Future[None]] = deque()
            try:
                for index, block in enumerate(encryptor.blocks(chunks)):
                    sending.append(pool.submit(self._api.put_block, link_id, number, index, block))
                    if len(sending) >= IN_FLIGHT:
                        sending.popleft().result()
                while sending:
                    sending.popleft().result()
            except TamperingError as error:
                raise TamperingDetectedError(
                    f"tampering detected: {type(error).__name__}: {file.path} did not verify; "
                    "the link was not published"
                ) from error
            finally:
                chunks.close()
                for future in sending:
                    future.cancel()
        return ManifestFile(path, metadata.size, metadata.mime, content)

    def _new_record(
        self,
        secret: LinkSecret,
        mode: str,
        path: str,
        kind: str,
        password: str | None,
        request_private: bytes | None = None,
    ) -> tuple[LinkKeys, NewLinkRecord]:
        salt = self._randbytes(SALT_SIZE) if password is not None else None
        iterations = self._iterations if password is not None else None
        keys = secret.keys(password, salt or b"", iterations or 0)
        note = OwnerNote(path, kind, secret.key, password is not None, request_private)
        sealed_note = seal_note(self._note_key, secret.link_id, note, self._randbytes)
        record = NewLinkRecord(
            secret.link_id, mode, keys.access_hash, sealed_note, salt, iterations
        )
        return keys, record

    def _expiry(self, expires_in: int | None) -> int | None:
        if expires_in is None:
            return None
        if expires_in <= 0:
            raise LinkUsageError("an expiry must lie in the future (e.g. --expires 7d)")
        return int(self._clock()) + expires_in

    # --- listing and revoking ---

    @_bounded
    def owned(self) -> list[LinkInfo]:
        return [self._info(listed) for listed in self._api.owned()]

    def _info(self, listed: ListedLink) -> LinkInfo:
        try:
            note: OwnerNote | None = open_note(self._note_key, listed.link_id, listed.note)
        except LinkFormatError:
            note = None
        url = None if note is None else link_url(self._base, LinkSecret(listed.link_id, note.key))
        return LinkInfo(
            listed.link_id,
            listed.mode,
            listed.state,
            "" if note is None else note.path,
            url if listed.state not in ("revoked", "pending") else None,
            listed.created,
            listed.expires,
            listed.max_downloads,
            listed.downloads,
            listed.drops,
            listed.password,
            "" if note is None else note.type,
        )

    @_bounded
    def revoke(self, link_id: str) -> None:
        self._api.revoke(link_id)

    # --- file requests ---

    @_bounded
    def request(
        self, path: str, *, title: str | None = None, expires_in: int | None = None
    ) -> CreatedLink:
        """A link where anyone can drop files that only this account can open."""
        private, public = new_request_key()
        secret = LinkSecret.generate(self._randbytes)
        name = title or path.rstrip("/").rpartition("/")[2] or "Privshare"
        keys, record = self._new_record(secret, "request", path, "request", None, private)
        record = replace(record, expires=self._expiry(expires_in))
        self._api.create(record)
        manifest = Manifest("request", name, (), public)
        sealed = seal_manifest(keys, secret.link_id, manifest, self._randbytes)
        self._api.publish(secret.link_id, sealed, [])
        return CreatedLink(secret.link_id, link_url(self._base, secret), 0, 0)

    @_bounded
    def collect(self, link_id: str, into: Path, *, keep: bool = False) -> Collected:
        """Decrypt every complete drop of request `link_id` into the folder `into`, then
        delete it from the server (unless `keep`). Existing names get " (2)", ... .

        Anyone with the link can upload, so a drop that does not open or verify is not an
        attack on this account: it is listed in `rejected` (and left on the server, to be
        looked at or revoked with the link) and the other drops are still saved."""
        if not into.is_dir():
            raise LinkUsageError(f"{into}: no such local folder")
        listed = {link.link_id: link for link in self._api.owned()}.get(link_id)
        if listed is None or listed.mode != "request":
            raise LinkUsageError(f"{link_id} is not one of your file requests (privshare links)")
        note = open_note(self._note_key, link_id, listed.note)
        if note.request_private is None:
            raise TamperingDetectedError("tampering detected: the request's note has no key")
        collected = Collected([], [])
        for drop in self._api.drops(link_id):
            try:
                header = open_drop_header(note.request_private, link_id, drop.header)
                if header.count != drop.count:
                    raise LinkFormatError("the upload has another number of parts than it says")
                target = _free_name(into / header.name)
                blocks = (self._api.drop_block(link_id, drop.number, i) for i in range(drop.count))
                _write_verified(ContentDecryptor(header.content), blocks, target, header.size)
            except TamperingDetectedError as error:
                collected.rejected.append((drop.number, str(error)))
                continue
            collected.saved.append(target)
            if not keep:
                self._api.delete_drop(link_id, drop.number)
        return collected


def _item_name(item: Item) -> str:
    if isinstance(item, File):
        return item.metadata.name
    return item.path.rstrip("/").rpartition("/")[2] or "Privshare"


def _free_name(target: Path) -> Path:
    number = 2
    candidate = target
    while candidate.exists():
        candidate = target.with_name(f"{target.stem} ({number}){target.suffix}")
        number += 1
    return candidate


def _write_verified(
    decryptor: ContentDecryptor, blocks: Iterator[bytes], target: Path, size: int
) -> None:
    try:
        with new_part_file(target) as (temp, sink):  # 0600, removed on any failure
            written = 0
            for chunk in decryptor.chunks(blocks):
                sink.write(chunk)
                written += len(chunk)
            if written != size:
                raise TamperingDetectedError(
                    f"tampering detected: {target.name} has {written} bytes, its header says {size}"
                )
            sink.flush()
            os.fsync(sink.fileno())
            sink.close()
            publish(temp, target)
    except TamperingError as error:
        raise TamperingDetectedError(
            f"tampering detected: {type(error).__name__}: {target.name} did not verify"
        ) from error
