"""The /Shared view: each accepted share as /Shared/<name> (SHARING.md §6).

`SharedMounts` reads the accepted shares from the sharing settings item (once, then
cached) and says which share a path under /Shared belongs to; `FileRouter` then hands
the rest of the path to a `FileService` rooted at the shared item (files.tree.SharedRoot),
over a channel to the server the share names, opened by the session's `Connector`: with
its `home` link set (the logged-in session), its `route` decides whether the owner's
server is read directly or through the recipient's own server's PrivMX proxy
(connection.py). A read share carries an xpub, so every
write under it is refused here, before anything is sent (the server would refuse too:
descriptor writes need the item's private key).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.client.address import is_loopback, parse_address, parse_host
from app.client.objects_api import ObjectsApi, RpcCaller
from app.fs import ShareReference
from app.services.connection import Connector
from app.services.errors import NotFoundError
from app.services.files.errors import FilesUsageError
from app.services.files.tree import SharedRoot, split_path
from app.services.sharing.errors import service_errors
from app.services.sharing.settings import Received, SettingsStore
from app.vault import Vault

__all__ = ["SHARED", "Mount", "SharedMounts", "is_shared_path"]

SHARED = "Shared"
Connect = Callable[[str], RpcCaller]


def is_shared_path(path: str) -> bool:
    return split_path(path)[:1] == [SHARED]


@dataclass(frozen=True)
class Mount:
    """One accepted share, as the file services see it."""

    name: str
    sender: str
    reference: ShareReference

    @property
    def path(self) -> str:
        return f"/{SHARED}/{self.name}"

    @property
    def writable(self) -> bool:
        return self.reference.grants_write

    @property
    def root(self) -> SharedRoot:
        ref = self.reference
        return SharedRoot(ref.key, self.path, ref.type)

    @classmethod
    def of(cls, received: Received) -> Mount:
        return cls(received.name, received.sender, ShareReference.from_bytes(received.reference))


class SharedMounts:
    """The accepted shares of one account, and channels to the servers that hold them."""

    def __init__(
        self,
        caller: RpcCaller,
        vault: Vault,
        connect: Connect | None = None,
        *,
        connector: Connector | None = None,
    ) -> None:
        """`connect(server)` opens a channel to a share's server; by default `connector`
        does (the session's, following its route), else a direct one per server."""
        self._caller, self._vault = caller, vault
        self._connector = connector
        self._connect = connect or self._default_connect
        self._mounts: dict[str, Mount] | None = None
        self._callers: dict[str, RpcCaller] = {}

    def mounts(self, *, fresh: bool = False) -> list[Mount]:
        if self._mounts is None or fresh:
            with service_errors("the sharing settings"):
                state = SettingsStore(ObjectsApi(self._caller), self._vault).load()
                self._mounts = {r.name: Mount.of(r) for r in state.received}
        return [self._mounts[name] for name in sorted(self._mounts)]

    def find(self, path: str, *, write: bool) -> tuple[Mount, str]:
        """The share holding `path` (under /Shared/<name>) and the path inside it."""
        parts = split_path(path)
        if len(parts) < 2:
            if write:
                raise FilesUsageError(
                    f"/{SHARED} lists the shares you accepted; it cannot be changed itself"
                )
            raise FilesUsageError(f"/{SHARED} is the list of accepted shares")
        mount = next((m for m in self.mounts() if m.name == parts[1]), None)
        if mount is None:
            mount = next((m for m in self.mounts(fresh=True) if m.name == parts[1]), None)
        if mount is None:
            raise NotFoundError(f"/{SHARED}/{parts[1]}: no such share (see `privshare shares`)")
        if write and not mount.writable:
            raise FilesUsageError(
                f"{mount.path} is shared with you read-only by {mount.sender}: it cannot be "
                "changed (ask them to share it with write access)"
            )
        return mount, "/" + "/".join(parts[2:])

    def may_write(self, path: str) -> tuple[bool, Mount | None]:
        """Whether `path` under /Shared takes writes, and the share it is in (None for
        /Shared itself, the list of shares, which never does). The same rule `find`
        enforces on every write; windows ask it to offer only what will work."""
        if len(split_path(path)) < 2:
            return False, None
        mount, _inner = self.find(path, write=False)
        return mount.writable, mount

    def caller_for(self, mount: Mount) -> RpcCaller:
        """The account's own channel if the share is on its server, else a channel to
        the share's server (descriptor reads need no login there)."""
        server = mount.reference.server
        own = parse_address(self._vault.address).server if self._vault.address else None
        if own is not None and str(own) == server:
            return self._caller
        if server not in self._callers:
            with service_errors(f"the server of {mount.path}"):
                self._callers[server] = self._connect(server)
        return self._callers[server]

    def _default_connect(self, server: str) -> RpcCaller:
        connector = self._connector or Connector(allow_http=is_loopback(parse_host(server).host))
        return connector.connect(server, self._vault).channel
