"""The account's files as one path space: "/" is the own tree, /Shared/<name>/... an
accepted share (SHARING.md §6).

    files = FileRouter(channel, vault, mounts, progress=callback)
    files.ls("/Shared")                       -> one EntryInfo per accepted share
    files.get("/Shared/Plans/a.txt", Path("."))  # the share's own FileService does it

`FileRouter` owns the /Shared mounts and one `FileService` per share, rooted at the
shared item and reached over the channel its mount names (a write under a read share
is refused before anything is sent). Everything else goes to `home`, the FileService
of the account's own tree; paths in answers are always whole paths (a share's tree
knows its /Shared/<name> prefix). Moving between two trees is refused: download and
upload.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app.client.objects_api import RpcCaller
from app.services.files.errors import FilesUsageError
from app.services.files.service import EntryInfo, FileService, VersionInfo
from app.services.files.tree import split_path
from app.services.sharing.mounts import SharedMounts, is_shared_path
from app.vault import Vault

__all__ = ["FileRouter"]


class FileRouter:
    """File operations on the own tree and the accepted shares, by path."""

    def __init__(
        self,
        channel: RpcCaller,
        vault: Vault,
        mounts: SharedMounts | None = None,
        **options: Any,
    ) -> None:
        """`options` are FileService's (progress, clock, chunk_size, in_flight,
        journal_folder, on_change); every tree's service gets the same but `on_change`."""
        self.home = FileService(channel, vault, **options)
        self.mounts = mounts or SharedMounts(channel, vault)
        self._vault = vault
        self._options = {k: v for k, v in options.items() if k != "on_change"}  # own tree only
        self._shares: dict[str, FileService] = {}

    def service_for(self, path: str, *, write: bool = False) -> tuple[FileService, str]:
        """The service of the tree `path` is in, and the path inside that tree."""
        if not is_shared_path(path):
            return self.home, path
        mount, rest = self.mounts.find(path, write=write)
        service = self._shares.get(mount.name)
        if service is None or service.tree.root_key != mount.reference.key:
            caller = self.mounts.caller_for(mount)
            service = FileService(caller, self._vault, shared=mount.root, **self._options)
            self._shares[mount.name] = service
        return service, rest

    def ls(self, path: str = "/") -> list[EntryInfo]:
        if split_path(path) == ["Shared"]:
            return [EntryInfo(m.name, m.path, m.reference.type) for m in self.mounts.mounts()]
        service, inner = self.service_for(path)
        return service.ls(inner)

    def get(self, remote: str, local: Path) -> Path:
        service, inner = self.service_for(remote)
        return service.get(inner, local)

    def mkdir(self, path: str) -> str:
        service, inner = self.service_for(path, write=True)
        return service.mkdir(inner)

    def put(self, locals_: Sequence[Path], remote_dir: str) -> list[str]:
        service, inner = self.service_for(remote_dir, write=True)
        return service.put(locals_, inner)

    def move(self, source: str, destination: str) -> str:
        service, inner_source = self.service_for(source, write=True)
        other, inner_destination = self.service_for(destination, write=True)
        if other is not service:
            raise FilesUsageError("moving between your files and a share: download and upload")
        return service.move(inner_source, inner_destination)

    def remove(self, path: str) -> None:
        service, inner = self.service_for(path, write=True)
        service.remove(inner)

    def versions(self, path: str) -> list[VersionInfo]:
        service, inner = self.service_for(path)
        return service.versions(inner)

    def restore(self, path: str, version: int) -> int:
        service, inner = self.service_for(path, write=True)
        return service.restore(inner, version)
