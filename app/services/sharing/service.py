"""Sharing by key distribution: share, unshare (re-key), list shares, send files
(SHARING.md beside this file; DESIGN §3-§4).

    sharing = SharingService(session, connector)
    sharing.share("/Reports", "bob#example.org", write=False)  -> Grant
    sharing.unshare("/Reports", "bob#example.org")             -> Unshared
    sharing.shares()                                           -> SharingState (granted, received)
    sharing.send("bob#example.org", [Path("a.pdf")], text="")  -> message seq

Before anything is encrypted to someone, their keystore is proven through their
server's PKI log (`whois`); the inbox key is taken from that verified keystore only
(checklist 9). Any PKI failure refuses the share: nothing is sent.
"""

from __future__ import annotations

import io
import secrets
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import BinaryIO

from app.client.address import parse_address
from app.client.objects_api import ObjectsApi
from app.client.sinks_api import SinksApi
from app.crypto.base58 import address as key_address
from app.crypto.ecc import PrivateKey, PublicKey
from app.fs import ContentEncryptor, ContentKeys, FolderListing, ItemKey, ShareReference
from app.services import pki
from app.services.account import AccountSession
from app.services.connection import Connector
from app.services.files.errors import FilesUsageError
from app.services.files.merge import add_entries, remove_index
from app.services.files.service import FileService
from app.services.files.tree import Folder, split_path
from app.services.sharing.drops import is_drop_address, parse_drop_address
from app.services.sharing.errors import UntrustedRecipientError, service_errors
from app.services.sharing.message import Attachment, MessageBody
from app.services.sharing.mounts import is_shared_path
from app.services.sharing.rekey import Rekeyer
from app.services.sharing.settings import Grant, SettingsStore, SharingState
from app.wire.messages import encode_envelope, seal, seal_body
from app.wire.objects import block_id

__all__ = ["MAX_DELIVERY", "SharingService", "Unshared"]

MAX_INLINE_BLOCKS = 16
MAX_DELIVERY = 16 << 20  # bytes of attachments in one `send` (inline blocks)


@dataclass(frozen=True)
class Unshared:
    """What `unshare` did: the re-keyed item, who still has it, and re-sends that failed."""

    path: str
    new_item_id: str
    kept: tuple[str, ...]
    failed: tuple[str, ...] = field(default=())


class SharingService:
    """Share items of one logged-in account with other people."""

    def __init__(
        self,
        session: AccountSession,
        connector: Connector,
        *,
        files: FileService | None = None,
        clock: Callable[[], float] = time.time,
        identities: pki.IdentityCache | None = None,
        randbytes: Callable[[int], bytes] = secrets.token_bytes,
    ) -> None:
        self.session, self.connector, self.clock = session, connector, clock
        self.files = files or FileService(session.channel, session.vault)
        self.settings = SettingsStore(ObjectsApi(session.channel), session.vault, randbytes)
        self.identities = identities if identities is not None else pki.IdentityCache()

    @property
    def own_address(self) -> str:
        return str(self.session.address)

    # --- share ------------------------------------------------------------------------

    def share(self, path: str, to: str, *, write: bool = False, text: str = "") -> Grant:
        """Send the item's key (xpub, or xprv with `write`) to `to`'s default inbox."""
        recipient = self._recipient(to)
        with service_errors(path):
            if is_shared_path(path):
                raise FilesUsageError("only items of your own files can be shared from here")
            item = self.files.tree.resolve(path)
            name = split_path(path)[-1] if split_path(path) else ""
            if not name:
                raise FilesUsageError("share a file or folder, not your whole root folder")
            kind = "folder" if isinstance(item, Folder) else "file"
            key = item.key if write else item.key.public()
            self._send_share(recipient, key, name, kind, text)
            folder = self.files.tree.folder("/" + "/".join(split_path(path)[:-1]))
            access = "write" if write else "read"
            self.files.activity.note(folder.key, "share", name, f"{recipient.address} ({access})")
            grant = Grant(
                item.item_id,
                item.path,
                kind,
                recipient.address,
                "write" if write else "read",
                int(self.clock() * 1000),
            )
            self.settings.update(lambda state: state.with_grant(grant))
        return grant

    def _recipient(self, to: str) -> pki.VerifiedIdentity:
        canonical = str(parse_address(to))
        if canonical == self.own_address:
            raise FilesUsageError("that is your own address: nothing to share")
        identity = pki.whois(
            canonical,
            connector=self.connector,
            pins=self.session.vault,
            checkpoints=self.session.vault,
            now=self.clock(),
            cache=self.identities,
            via=self.session.link,  # the recipient's server, directly or by proxy per route
        )
        if not identity.sink_keys:
            raise UntrustedRecipientError(
                f"{canonical} has no inbox key in their verified keystore: nothing was sent "
                "(they need to sign in once with a current Privshare)"
            )
        return identity

    def _send_share(
        self,
        recipient: pki.VerifiedIdentity,
        key: ItemKey,
        name: str,
        kind: str,
        text: str,
        *,
        replaces: str | None = None,
    ) -> int:
        server = str(self.session.address.server)
        reference = ShareReference(server, key, name, "folder" if kind == "folder" else "file")
        return self._post(recipient, "share", text, share=reference.to_bytes(), replaces=replaces)

    def _post(
        self,
        recipient: pki.VerifiedIdentity,
        kind: str,
        text: str,
        *,
        share: bytes | None = None,
        files: tuple[Attachment, ...] = (),
        blocks: Sequence[bytes] = (),
        replaces: str | None = None,
    ) -> int:
        """Encrypt a message body to the recipient's verified default inbox key, sign the
        envelope with our identity key, and post it to their server."""
        target = (recipient.sink_keys[0], recipient.address, recipient.host)
        return self._post_to(target, kind, text, share, files, blocks, replaces)

    def _post_to(
        self,
        target: tuple[PublicKey, str, str],  # inbox key, recipient address, its server
        kind: str,
        text: str,
        share: bytes | None,
        files: tuple[Attachment, ...],
        blocks: Sequence[bytes],
        replaces: str | None,
    ) -> int:
        sink_public, to, host = target
        sink_id = key_address(sink_public.to_bytes())
        now = int(self.clock() * 1000)
        body = MessageBody(kind, self.own_address, to, sink_id, now, text, share, files, replaces)
        ciphertext = seal_body(sink_public, body.to_bytes())
        block_ids = [block_id(b) for b in blocks]
        envelope = seal(
            self._identity(), self.own_address, sink_id, ciphertext, block_ids, timestamp=now
        )
        with service_errors(f"the inbox of {to}"):
            api = SinksApi(self._channel_to(host))
            return api.post(sink_id, encode_envelope(envelope), list(blocks))

    def _identity(self) -> PrivateKey:
        key = self.session.vault.identity_key.private_key
        assert key is not None
        return key

    def _channel_to(self, host: str) -> pki.RpcChannel:
        if host == str(self.session.address.server):
            return self.session.channel
        return self.connector.connect(host, self.session.vault, via=self.session.link).channel

    # --- list ---------------------------------------------------------------------------

    def shares(self) -> SharingState:
        """What this account granted and what it accepted."""
        with service_errors("the sharing settings"):
            return self.settings.load()

    # --- unshare ------------------------------------------------------------------------

    def unshare(self, path: str, address: str) -> Unshared:
        """Take `address`'s access away: re-key the item (and its subtree), give the new
        key to everyone else who had it, delete the old objects."""
        removed = str(parse_address(address))
        tree = self.files.tree
        with service_errors(path):
            parts = split_path(path)
            if not parts or is_shared_path(path):
                raise FilesUsageError("unshare an item of your own files")
            parent = tree.folder("/" + "/".join(parts[:-1]))
            entry = parent.listing.find(parts[-1])
            if entry is None:
                raise FilesUsageError(f"{path}: no such file or folder")
            item = tree.open_entry(parent, entry)
            state = self.settings.load()
            if removed not in {g.to for g in state.grants_of(item.item_id)}:
                raise FilesUsageError(f"{path} is not shared with {removed}")
            rekeyer = Rekeyer(tree)
            new_entry = rekeyer.copy_into(item, entry.type, parent, entry.name)

            def swap(listing: FolderListing) -> FolderListing:
                return add_entries(new_entry)(remove_index(entry.index)(listing))

            tree.update_listing(parent, swap)
            self.files.activity.note(parent.key, "unshare", entry.name, removed)
            tree.delete_subtree(parent, entry)
            return self._regrant(state, rekeyer.renamed, item.item_id, removed, path)

    def _regrant(
        self,
        state: SharingState,
        renamed: dict[str, ItemKey],
        item_id: str,
        removed: str,
        path: str,
    ) -> Unshared:
        """New share messages for every other grant inside the re-keyed subtree."""
        affected = [g for g in state.granted if g.item_id in renamed]
        new_grants: list[Grant] = []
        kept, failed = [], []
        for grant in affected:
            if grant.item_id == item_id and grant.to == removed:
                continue
            key = renamed[grant.item_id]
            try:
                recipient = self._recipient(grant.to)
                shared_key = key if grant.access == "write" else key.public()
                name = split_path(grant.path)[-1]
                self._send_share(
                    recipient, shared_key, name, grant.type, "re-keyed", replaces=grant.item_id
                )
            except Exception:
                failed.append(grant.to)
                continue
            kept.append(grant.to)
            new_grants.append(replace(grant, item_id=key.item_id))

        def change(current: SharingState) -> SharingState:
            others = tuple(g for g in current.granted if g.item_id not in renamed)
            return replace(current, granted=(*others, *new_grants))

        self.settings.update(change)
        return Unshared(path, renamed[item_id].item_id, tuple(kept), tuple(failed))

    # --- send -----------------------------------------------------------------------------

    def send(self, to: str, locals_: Sequence[Path], text: str = "") -> int:
        """Deliver local files into `to`'s inbox (or a drop inbox `drop:KEY#host`,
        drops.py), encrypted with fresh keys carried in the message body; returns the
        message's number."""
        for local in locals_:
            if not local.is_file():
                raise FilesUsageError(f"{local}: not a regular file")
        return self._deliver(to, [(local.name, _reader(local)) for local in locals_], text)

    def send_content(self, to: str, name: str, content: bytes, text: str = "") -> int:
        """Deliver `content` as a file called `name`, as `send` does (nothing on disk)."""
        return self._deliver(to, [(name, lambda: io.BytesIO(content))], text)

    def _deliver(
        self, to: str, sources: Sequence[tuple[str, Callable[[], BinaryIO]]], text: str
    ) -> int:
        drop = parse_drop_address(to) if is_drop_address(to) else None
        recipient = None if drop else self._recipient(to)
        attachments: list[Attachment] = []
        blocks: list[bytes] = []
        for name, opened in sources:
            encryptor = ContentEncryptor(ContentKeys.generate())
            with opened() as source:
                blocks += list(encryptor.blocks(source))
            attachments.append(Attachment(name, encryptor.keys, encryptor.summary()))
            if len(blocks) > MAX_INLINE_BLOCKS or sum(map(len, blocks)) > MAX_DELIVERY:
                raise FilesUsageError(
                    f"a delivery holds at most {MAX_DELIVERY >> 20} MiB: share a folder instead"
                )
        if not attachments:
            raise FilesUsageError("name at least one file to send")
        if drop is not None:
            target = (drop.public_key, str(drop), drop.host)
            return self._post_to(target, "files", text, None, tuple(attachments), blocks, None)
        assert recipient is not None
        return self._post(recipient, "files", text, files=tuple(attachments), blocks=blocks)


def _reader(local: Path) -> Callable[[], BinaryIO]:
    return lambda: local.open("rb")
