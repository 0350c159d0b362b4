"""WsgiDAV resources over `DriveFiles`: the account's decrypted tree as WebDAV.

`DriveProvider` answers WsgiDAV's `get_resource_inst(path)` with a `DriveFolder` or a
`DriveFile`; every call goes to `app.services.drive` (DriveFiles for the tree, Spool for
PUT bodies). Service errors become one HTTP status with the service's one-line message
(see `dav_errors`). Dead properties and locks are WsgiDAV's in-memory managers, set up by
the server (app/drive/server.py): they last for one run of the drive.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from typing import Any

from wsgidav.dav_error import (
    HTTP_BAD_GATEWAY,
    HTTP_CONFLICT,
    HTTP_FORBIDDEN,
    HTTP_INSUFFICIENT_STORAGE,
    HTTP_NOT_FOUND,
    DAVError,
)
from wsgidav.dav_provider import DAVCollection, DAVNonCollection, DAVProvider

from app.services.drive.ops import DriveEntry, DriveFiles, ReadOnlyError
from app.services.drive.spool import Spool, SpoolFile
from app.services.errors import (
    AuthenticationFailedError,
    NotFoundError,
    ServerUnreachableError,
    ServiceError,
    TamperingDetectedError,
)
from app.services.files.errors import FilesUsageError, StorageFullError

__all__ = ["DriveProvider", "dav_errors"]

_STATUS: tuple[tuple[type[ServiceError], int], ...] = (
    (ReadOnlyError, HTTP_FORBIDDEN),
    (NotFoundError, HTTP_NOT_FOUND),
    (FilesUsageError, HTTP_CONFLICT),
    (StorageFullError, HTTP_INSUFFICIENT_STORAGE),
    (TamperingDetectedError, HTTP_BAD_GATEWAY),
    (ServerUnreachableError, HTTP_BAD_GATEWAY),
    (AuthenticationFailedError, HTTP_BAD_GATEWAY),
)  # any other ServiceError: the server refused something, also 502


@contextlib.contextmanager
def dav_errors() -> Iterator[None]:
    """Turn a service error into the DAVError the client gets (its message the reason)."""
    try:
        yield
    except ServiceError as error:
        status = next((s for kind, s in _STATUS if isinstance(error, kind)), HTTP_BAD_GATEWAY)
        raise DAVError(status, context_info=" ".join(str(error).split())) from error


def _child(folder_path: str, name: str) -> str:
    return folder_path.rstrip("/") + "/" + name


class DriveProvider(DAVProvider):  # type: ignore[misc]
    """The WebDAV view of one account's files for the run of one drive."""

    def __init__(self, drive: DriveFiles, spool: Spool) -> None:
        super().__init__()
        self.drive = drive
        self.spool = spool

    def get_resource_inst(self, path: str, environ: dict[str, Any]) -> Any:
        with dav_errors():
            entry = self.drive.stat(path)
        return None if entry is None else self.resource(path, entry, environ)

    def resource(self, path: str, entry: DriveEntry, environ: dict[str, Any]) -> Any:
        kind = DriveFolder if entry.is_folder else DriveFile
        return kind(self, path, entry, environ)

    def check_writable(self, path: str) -> None:
        with dav_errors():
            self.drive.check_writable(path)


class _DriveResource:
    """What folders and files share: live properties from the entry, dead ones moved
    and copied with the item."""

    provider: DriveProvider
    path: str
    environ: dict[str, Any]
    entry: DriveEntry

    def get_display_name(self) -> str:
        return self.entry.name

    def get_etag(self) -> str:
        return self.entry.etag

    def support_etag(self) -> bool:
        return True

    def get_last_modified(self) -> float | None:
        return self.entry.modified

    def get_creation_date(self) -> float | None:
        return None

    def support_recursive_move(self, dest_path: str) -> bool:
        return self.provider.drive.same_tree(self.path, dest_path)

    def set_property_value(self, name: str, value: Any, *, dry_run: bool = False) -> Any:
        """PROPPATCH: refused where the item cannot be changed (a read-only share)."""
        self.provider.check_writable(self.path)
        return super().set_property_value(name, value, dry_run=dry_run)  # type: ignore[misc]

    def move_recursive(self, dest_path: str) -> list[Any]:
        self.provider.check_writable(self.path)
        self.provider.check_writable(dest_path)
        with dav_errors():
            self.provider.drive.move(self.path, dest_path)
        self._dead_properties_to(dest_path, move=True, children=True)
        return []

    def _dead_properties_to(self, dest_path: str, *, move: bool, children: bool) -> None:
        properties = self.provider.prop_manager
        if not properties:
            return
        destination = self.provider.get_resource_inst(dest_path, self.environ)
        if destination is None:
            return
        source_url, target_url = self.get_ref_url(), destination.get_ref_url()  # type: ignore[attr-defined]
        if move:
            properties.move_properties(
                source_url, target_url, with_children=children, environ=self.environ
            )
        else:
            properties.copy_properties(source_url, target_url, self.environ)

    def _forget(self) -> None:
        self.remove_all_properties(recursive=True)  # type: ignore[attr-defined]
        self.remove_all_locks(recursive=True)  # type: ignore[attr-defined]


class DriveFolder(_DriveResource, DAVCollection):  # type: ignore[misc]
    def __init__(
        self, provider: DriveProvider, path: str, entry: DriveEntry, environ: dict[str, Any]
    ) -> None:
        DAVCollection.__init__(self, path, environ)
        self.provider = provider
        self.entry = entry

    def _entries(self) -> list[DriveEntry]:
        with dav_errors():
            return self.provider.drive.children(self.path)

    def get_member_names(self) -> list[str]:
        return [entry.name for entry in self._entries()]

    def get_member_list(self) -> list[Any]:
        return [
            self.provider.resource(_child(self.path, e.name), e, self.environ)
            for e in self._entries()
        ]

    def get_member(self, name: str) -> Any:
        return self.provider.get_resource_inst(_child(self.path, name), self.environ)

    def create_empty_resource(self, name: str) -> DriveFile:
        path = _child(self.path, name)
        self.provider.check_writable(path)
        entry = DriveEntry(path, name, False)
        if self.environ.get("REQUEST_METHOD") == "LOCK":  # a lock on an unmapped URL
            with dav_errors():
                self.provider.drive.write(path, [b""])
            entry = self.provider.drive.stat(path) or entry
        return DriveFile(self.provider, path, entry, self.environ)

    def create_collection(self, name: str) -> DriveFolder:
        path = _child(self.path, name)
        self.provider.check_writable(path)
        with dav_errors():
            self.provider.drive.mkdir(path)
        return self.provider.get_resource_inst(path, self.environ)  # type: ignore[no-any-return]

    def support_recursive_delete(self) -> bool:
        return True

    def delete(self) -> None:
        self.provider.check_writable(self.path)
        with dav_errors():
            self.provider.drive.remove(self.path)
        self._forget()

    def copy_move_single(self, dest_path: str, *, is_move: bool) -> None:
        """Makes the folder at the destination (members are copied one by one)."""
        self.provider.check_writable(dest_path)
        with dav_errors():
            if self.provider.drive.stat(dest_path) is None:
                self.provider.drive.mkdir(dest_path)
        self._dead_properties_to(dest_path, move=is_move, children=False)


class DriveFile(_DriveResource, DAVNonCollection):  # type: ignore[misc]
    def __init__(
        self, provider: DriveProvider, path: str, entry: DriveEntry, environ: dict[str, Any]
    ) -> None:
        DAVNonCollection.__init__(self, path, environ)
        self.provider = provider
        self.entry = entry
        self._spooled: SpoolFile | None = None

    def get_content_length(self) -> int:
        return self.entry.size

    def get_content_type(self) -> str:
        return self.entry.content_type

    def support_ranges(self) -> bool:
        return False

    def get_content(self) -> io.RawIOBase:
        with dav_errors():
            return _ChunkReader(self.provider.drive.read(self.path))

    def begin_write(self, *, content_type: str | None = None) -> SpoolFile:
        self.provider.check_writable(self.path)
        with dav_errors():
            self._spooled = self.provider.spool.create()
        return self._spooled

    def end_write(self, *, with_errors: bool) -> None:
        """Upload what was spooled (the body arrived whole), then forget the spool file."""
        spooled, self._spooled = self._spooled, None
        if spooled is None:
            return
        try:
            if not with_errors:
                spooled.close()
                with dav_errors(), spooled.reader() as reader:
                    self.provider.drive.write(self.path, reader)
                    self.entry = self.provider.drive.stat(self.path) or self.entry
        finally:
            spooled.discard()

    def delete(self) -> None:
        self.provider.check_writable(self.path)
        with dav_errors():
            self.provider.drive.remove(self.path)
        self._forget()

    def handle_move(self, dest_path: str) -> bool:
        """MOVE onto an existing file, as editors save (write a temporary file, rename it
        over the original): the content becomes a new version of that file, so its
        history stays, as when the app uploads a file again. Anything else: False, and
        WsgiDAV moves as usual."""
        with dav_errors():
            target = self.provider.drive.stat(dest_path)
        if target is None or target.is_folder:
            return False
        self.provider.check_writable(self.path)
        self.provider.check_writable(dest_path)
        with dav_errors():
            self.provider.drive.copy(self.path, dest_path)
            self.provider.drive.remove(self.path)
        properties = self.provider.prop_manager
        destination = self.provider.get_resource_inst(dest_path, self.environ)
        if properties and destination is not None:
            properties.remove_properties(destination.get_ref_url(), self.environ)
        self._dead_properties_to(dest_path, move=True, children=False)
        self.remove_all_locks(recursive=False)
        return True

    def copy_move_single(self, dest_path: str, *, is_move: bool) -> None:
        """Writes this file's content at the destination (a move deletes the source after)."""
        self.provider.check_writable(dest_path)
        if is_move:
            self.provider.check_writable(self.path)
        with dav_errors():
            self.provider.drive.copy(self.path, dest_path)
        self._dead_properties_to(dest_path, move=is_move, children=False)


class _ChunkReader(io.RawIOBase):
    """A file-like `read(n)` over an iterator of chunks (what WsgiDAV's GET reads from)."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        super().__init__()
        self._chunks = chunks
        self._pending = memoryview(b"")

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            return b"".join([bytes(self._pending), *self._chunks])
        while not self._pending:
            with dav_errors():
                chunk = next(self._chunks, None)
            if chunk is None:
                return b""
            self._pending = memoryview(chunk)
        piece, self._pending = self._pending[:size], self._pending[size:]
        return bytes(piece)

    def close(self) -> None:
        close = getattr(self._chunks, "close", None)
        if close is not None:
            close()
        super().close()
