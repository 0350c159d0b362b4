"""The account's inboxes (sinks): create, read, wait for, accept, decline (SHARING.md §1, §4).

Inbox `i` has the key m/1'/i' of the vault; inbox 0 is the default public inbox, made
at registration and published as a subkey of the keystore, so senders get its key
verified through `whois`. Other indices are kept in the sharing settings item.

    inbox = InboxService(session, connector)
    view = inbox.read()                  # InboxView: verified `items`, `rejected` ones
    inbox.wait(timeout=60)               # long-poll: returns when something new arrives
    inbox.accept("3", name="Reports")    # -> /Shared/Reports (kept in the settings item)
    inbox.decline("4")
    inbox.save_files("5", Path("."))     # a one-off delivery (`privshare send`)
    inbox.save_files("5", cache, keep=True)     # ... a copy to open; the message stays
    inbox.save_into("6", drive.write, "/Inbox")  # ... streamed into the own encrypted tree
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from app.client.objects_api import ObjectsApi
from app.client.sinks_api import SinksApi, StoredMessage
from app.crypto.ecc import PublicKey
from app.fs import ContentDecryptor
from app.fs.metadata import check_name
from app.pki.openpgp import emit_keystore, parse_keystore, succeed
from app.services import pki
from app.services.account import AccountSession
from app.services.account.inbox_keys import (
    DEFAULT_INBOX,
    create_inbox,
    keystore_with_inbox,
    sink_id_of,
    sink_key,
)
from app.services.connection import Connector
from app.services.errors import NotFoundError, ServiceError
from app.services.files.errors import FilesUsageError
from app.services.files.partials import new_part_file, publish
from app.services.files.tree import join_path
from app.services.sharing.drops import DropInbox, DropService, drop_address
from app.services.sharing.errors import ReplayedShareError, service_errors
from app.services.sharing.settings import Received, SettingsStore, SharingState
from app.services.sharing.verify import Opened, Rejected, open_message
from app.vault import Vault

__all__ = ["InboxService", "InboxView"]

POLL_SLICE_MS = 20_000


def _message_id(index: int, seq: int) -> str:
    return str(seq) if index == DEFAULT_INBOX else f"{index}:{seq}"


def _parse_id(message_id: str) -> tuple[int, int]:
    index, _, seq = message_id.strip().rpartition(":")
    try:
        return int(index or DEFAULT_INBOX), int(seq)
    except ValueError:
        raise FilesUsageError(
            f"{message_id!r} is not a message id from `privshare inbox`"
        ) from None


class InboxView:
    """What `read` found: the verified messages, the rejected ones, and the drop inboxes
    (by sink id) that messages may have come through."""

    def __init__(
        self,
        items: list[Opened],
        rejected: list[Rejected],
        drops: dict[str, DropInbox] | None = None,
    ) -> None:
        self.items, self.rejected = items, rejected
        self.drops = drops or {}

    def drop_of(self, message: Opened | Rejected) -> DropInbox | None:
        """The drop inbox a message came through (None: the account's own inbox)."""
        return self.drops.get(message.sink_id)


class InboxService:
    """The inboxes of one logged-in account."""

    def __init__(
        self,
        session: AccountSession,
        connector: Connector,
        *,
        clock: Callable[[], float] = time.time,
        identities: pki.IdentityCache | None = None,
    ) -> None:
        self.session, self.connector, self.clock = session, connector, clock
        self.sinks = SinksApi(session.channel)
        self.settings = SettingsStore(ObjectsApi(session.channel), session.vault)
        self.identities = identities if identities is not None else pki.IdentityCache()

    @property
    def vault(self) -> Vault:
        return self.session.vault

    # --- setting up -------------------------------------------------------------------

    def ensure_default_inbox(self) -> None:
        """Make the default inbox and publish its key if this account has neither yet
        (accounts made before inboxes existed)."""
        with service_errors("the default inbox"):
            public = create_inbox(self.session.channel, self.vault, self.session.address.name)
            own = pki.check_own_identity(
                self.session.channel,
                str(self.session.address),
                self.vault.identity_key.public_key,
                checkpoints=self.vault,
                now=self.clock(),
            )
            if public not in own.sink_keys:
                self._publish_with(own, public)

    def _publish_with(self, own: pki.VerifiedIdentity, public: PublicKey) -> None:
        identity = self.vault.identity_key.private_key
        assert identity is not None
        now = int(self.clock())
        current = parse_keystore(own.keystore_bytes)
        new = keystore_with_inbox(current, identity, public, now=now)
        new = succeed(own.keystore_bytes, identity, new, identity, now=now)
        pki.publish_keystore(self.session.channel, emit_keystore(new))

    def _inboxes(self) -> dict[int, str]:
        """index -> sink id of every inbox this account keeps (the default one always)."""
        known = {DEFAULT_INBOX: sink_id_of(self.vault)}
        for inbox in self.settings.load().inboxes:
            known[inbox.index] = inbox.sink_id
        return known

    # --- reading ----------------------------------------------------------------------

    def read(self) -> InboxView:
        """Every kept message, checked (verify.py); oldest first."""
        items: list[Opened] = []
        rejected: list[Rejected] = []
        with service_errors("the inbox"):
            inboxes = self._inboxes()
            drops = self._drops(inboxes)
            polled = self.sinks.poll({sink: 0 for sink in inboxes.values()})
            by_sink = {p.sink_id: p.seqs for p in polled}
            for index, sink_id in inboxes.items():
                for stored in self.sinks.get(sink_id, by_sink.get(sink_id, ())):
                    opened = self._open(index, stored, drops.get(sink_id))
                    if isinstance(opened, Opened):
                        items.append(opened)
                    else:
                        rejected.append(opened)
        return InboxView(items, rejected, drops)

    def _drops(self, inboxes: dict[int, str]) -> dict[str, DropInbox]:
        if len(inboxes) == 1:
            return {}  # only the default inbox: no drop inboxes to ask the server about
        return {drop.sink_id: drop for drop in DropService(self.session, clock=self.clock).list()}

    def _open(
        self, index: int, stored: StoredMessage, drop: DropInbox | None = None
    ) -> Opened | Rejected:
        """Checked as verify.py says; through a drop inbox, the message names the drop
        inbox's address as its recipient and must keep to its expiry and size limit."""
        own = str(self.session.address)
        if index != DEFAULT_INBOX:
            own = drop_address(sink_key(self.vault, index).public_key, str(own).partition("#")[2])
        opened = open_message(
            _message_id(index, stored.seq),
            stored.sink_id,
            stored.seq,
            stored.envelope,
            stored.server_time,
            sink_key=sink_key(self.vault, index),
            own_address=own,
            whois=self._whois,
        )
        if isinstance(opened, Rejected):
            return replace(opened, sink_id=stored.sink_id)
        refusal = (
            drop.refusal(stored.server_time, sum(f.summary.size for f in opened.body.files))
            if drop
            else ""
        )
        if refusal:
            return Rejected(
                opened.message_id, opened.sender.address, refusal, opened.received, stored.sink_id
            )
        return opened

    def _whois(self, address: str) -> pki.VerifiedIdentity:
        return pki.whois(
            address,
            connector=self.connector,
            pins=self.vault,
            checkpoints=self.vault,
            now=self.clock(),
            cache=self.identities,
            via=self.session.link,  # the sender's server, directly or by proxy per route
        )

    def wait(self, timeout: float, after: dict[str, int] | None = None) -> dict[str, int]:
        """Long-poll until a message newer than `after` (sink id -> seq; default: the
        newest now) arrives or `timeout` seconds pass; returns the new cursor."""
        with service_errors("the inbox"):
            sinks = list(self._inboxes().values())
            if after is None:
                after = {p.sink_id: p.last_seq for p in self.sinks.poll(dict.fromkeys(sinks, 0))}
            else:  # inboxes made since (drop inboxes) from their start; revoked ones left out
                after = {sink: after.get(sink, 0) for sink in sinks}
            deadline = time.monotonic() + timeout
            while True:
                left = int((deadline - time.monotonic()) * 1000)
                polled = self.sinks.poll(after, wait_ms=max(0, min(left, POLL_SLICE_MS)))
                if any(p.seqs for p in polled) or left <= 0:
                    return {p.sink_id: max((*p.seqs, after.get(p.sink_id, 0))) for p in polled}

    def message(self, message_id: str) -> Opened:
        """One verified message (NotFoundError if gone, ServiceError if rejected)."""
        index, seq = _parse_id(message_id)
        with service_errors(f"message {message_id}"):
            inboxes = self._inboxes()
            sink_id = inboxes.get(index)
            found = self.sinks.get(sink_id, [seq]) if sink_id else []
            if not found:
                raise NotFoundError(f"no message {message_id} in your inbox")
            drop = self._drops(inboxes).get(found[0].sink_id) if index != DEFAULT_INBOX else None
            opened = self._open(index, found[0], drop)
        if isinstance(opened, Rejected):
            raise ServiceError(f"message {message_id} was rejected: {opened.reason}")
        return opened

    # --- acting on a message --------------------------------------------------------------

    def accept(self, message_id: str, name: str | None = None) -> Received:
        """Keep a received share as /Shared/<name> (default: the name it was shared as)."""
        opened = self.message(message_id)
        reference = opened.reference
        if reference is None:
            raise FilesUsageError(f"message {message_id} holds files, not a share: save them")
        chosen = name or reference.name
        with service_errors("the share name"):
            check_name(chosen)
        sender = opened.sender.address

        def add(state: SharingState) -> SharingState:
            replaced = _replaced_by(state, opened, name)
            chosen = name or (replaced.name if replaced else reference.name)
            with service_errors("the share name"):
                check_name(chosen)
            present = state.received_named(chosen)
            if present is not None and present.sender != sender:
                raise FilesUsageError(
                    f"/Shared/{chosen} exists already: choose another name with --name"
                )
            received = Received(
                f"{opened.sink_id}:{opened.seq}",
                chosen,
                sender,
                reference.to_bytes(),
                int(self.clock() * 1000),
                opened.body.sent,
            )
            _check_fresh(state, opened, replaced or present)
            accepted.append(received)
            return state.with_received(received, replaced or present)

        accepted: list[Received] = []

        with service_errors("the sharing settings"):
            self.settings.update(add)
            self.sinks.delete_message(opened.sink_id, opened.seq)
        return accepted[-1]

    def decline(self, message_id: str) -> None:
        index, seq = _parse_id(message_id)
        with service_errors(f"message {message_id}"):
            sink_id = self._inboxes().get(index)
            if sink_id is None:
                raise NotFoundError(f"no message {message_id} in your inbox")
            self.sinks.delete_message(sink_id, seq)

    def save_files(self, message_id: str, folder: Path, *, keep: bool = False) -> list[Path]:
        """Download the files of a delivery into `folder`: each is written to a 0600 part
        file beside its target and renamed into place once its last chunk is checked (a
        failure leaves nothing under the name). The message is then deleted, unless
        `keep` (a copy to open)."""
        opened = self.message(message_id)
        if opened.body.kind != "files":
            raise FilesUsageError(f"message {message_id} is a share: accept it instead")
        with service_errors(f"message {message_id}"):
            written = list(self._save_all(opened, folder))
            if not keep:
                self.sinks.delete_message(opened.sink_id, opened.seq)
        return written

    def save_into(
        self,
        message_id: str,
        write: Callable[[str, Iterable[bytes]], object],
        remote_folder: str,
    ) -> list[str]:
        """Put a delivery's files into the own tree at `remote_folder` (an existing name
        gets a new version): `write(path, chunks)` stores each as its plaintext chunks
        are checked, so no plaintext touches the disk, and a file whose last check fails
        is never created (app.services.drive.ops.DriveFiles.write does so). The message
        is then deleted."""
        opened = self.message(message_id)
        if opened.body.kind != "files":
            raise FilesUsageError(f"message {message_id} is a share: accept it instead")
        stored = []
        for name, chunks in self._attachments(opened):
            path = join_path(remote_folder, name)
            with service_errors(f"message {message_id}"):
                write(path, chunks)
            stored.append(path)
        with service_errors(f"message {message_id}"):
            self.sinks.delete_message(opened.sink_id, opened.seq)
        return stored

    def _attachments(self, opened: Opened) -> Iterator[tuple[str, Iterator[bytes]]]:
        """(name, checked plaintext chunks) of each file of a delivery, in order."""
        ids = list(opened.block_ids)
        if sum(a.summary.chunk_count for a in opened.body.files) != len(ids):
            raise ServiceError("tampering detected: the delivery's block list does not match")
        for attachment in opened.body.files:
            mine, ids = ids[: attachment.summary.chunk_count], ids[attachment.summary.chunk_count :]
            decryptor = ContentDecryptor(attachment.keys, attachment.summary)
            blocks = (self.sinks.block_get(opened.sink_id, opened.seq, b) for b in mine)
            yield attachment.name, decryptor.chunks(blocks)

    def _save_all(self, opened: Opened, folder: Path) -> Iterator[Path]:
        folder.mkdir(parents=True, exist_ok=True)
        for name, chunks in self._attachments(opened):
            target = folder / name
            if target.exists():
                raise FilesUsageError(f"{target} exists already; nothing was overwritten")
            with new_part_file(target) as (temporary, out):
                for chunk in chunks:
                    out.write(chunk)
                out.close()
                publish(temporary, target)
            yield target


def _replaced_by(state: SharingState, opened: Opened, name: str | None) -> Received | None:
    """The accepted share from the same sender that this message takes the place of: the
    one it names as replaced (a re-key), else one of the same folder or name."""
    reference, sender = opened.reference, opened.sender.address
    assert reference is not None
    mine = [r for r in state.received if r.sender == sender]
    for wanted in (opened.body.replaces, reference.item_id):
        found = next((r for r in mine if wanted is not None and r.item_id == wanted), None)
        if found is not None:
            return found
    return next((r for r in mine if r.name == (name or reference.name)), None)


def _check_fresh(state: SharingState, opened: Opened, replaced: Received | None) -> None:
    """Refuse a share that a newer one from the same sender replaced, or one not newer
    than the share it would replace: what a server replaying old messages would show."""
    reference, sender = opened.reference, opened.sender.address
    assert reference is not None
    stale = state.is_superseded(sender, reference.item_id)
    if replaced is not None and replaced.sender == sender:
        stale = stale or opened.body.sent <= replaced.sent
    if stale:
        raise ReplayedShareError(
            f"tampering detected: message {opened.message_id} from {sender} is an older "
            "share than the one you have (a replayed message); decline it"
        )
