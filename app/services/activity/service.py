"""A folder's activity, read and checked for a person (CLI `privshare log`, the window's
Activity dialog): the path may be in the own tree or under /Shared; writers' keys come
from the PKI (this account's own key from its vault)."""

from __future__ import annotations

import time
from collections.abc import Callable

from app.crypto.ecc import PublicKey
from app.services import pki
from app.services.boundary import service_boundary
from app.services.files.activity.reader import FolderActivity, read_activity
from app.services.files.errors import FilesUsageError
from app.services.files.tree import File
from app.services.session import RoutedSession
from app.services.sharing.router import FileRouter

__all__ = ["folder_activity"]


@service_boundary()
def folder_activity(
    session: RoutedSession,
    path: str,
    *,
    identities: pki.IdentityCache | None = None,
    clock: Callable[[], float] = time.time,
) -> FolderActivity:
    """The checked activity log of the folder at `path`."""
    service, inner = FileRouter(session.channel, session.vault, session.mounts()).service_for(path)
    item = service.tree.resolve(inner)
    if isinstance(item, File):
        parent = path.rstrip("/").rpartition("/")[0] or "/"
        raise FilesUsageError(f"{path} is a file: its changes are in its folder's log ({parent})")
    own_address = session.vault.address
    own_key = session.vault.identity_key.public_key
    cache = identities if identities is not None else pki.IdentityCache()

    def identity_of(author: str) -> PublicKey:
        if author == own_address:
            return own_key
        return pki.whois(
            author,
            connector=session.connector,
            pins=session.vault,
            checkpoints=session.vault,
            now=clock(),
            cache=cache,
            via=session.link,
        ).identity_key

    activity = read_activity(service.tree, item, identity_of)
    return FolderActivity(
        path, activity.listing_version, activity.entries, activity.signed_by_writer
    )
