"""Receiving files and sending them to people, for `ServicesBackend`: the inbox list with
delivered files, rejected messages (marked, never opened) and drop inbox labels; saving
a delivery into My files (streamed) or a local folder, or a copy to open; the contact
list; sending local files or a file of My files into someone's inbox
(app.services.sharing.inbox, .service)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from app.gui.backend.interface import InboxItem
from app.services.drive.ops import DriveFiles
from app.services.files.errors import FilesUsageError
from app.services.previews.service import TooLargeError, read_content
from app.services.sharing.inbox import InboxService, InboxView
from app.services.sharing.router import FileRouter
from app.services.sharing.service import MAX_DELIVERY, SharingService
from app.services.sharing.verify import Opened, Rejected

__all__ = [
    "contacts",
    "inbox_items",
    "open_copy",
    "remember_senders",
    "save_as",
    "save_into",
    "send_files",
    "send_remote",
]

SENDERS_FILE = "gui-senders.json"


def inbox_items(service: InboxService) -> list[InboxItem]:
    """Verified messages first-class; rejected ones marked with their reason (they can
    only be deleted: their sender or content failed a check)."""
    view = service.read()
    items = [_item(view, opened) for opened in view.items]
    items += [_rejected(view, rejected) for rejected in view.rejected]
    return sorted(items, key=lambda item: item.received)


def _drop_label(view: InboxView, message: Opened | Rejected) -> str:
    drop = view.drop_of(message)
    return "" if drop is None else (drop.label or drop.address)


def _item(view: InboxView, opened: Opened) -> InboxItem:
    return InboxItem(
        opened.message_id,
        opened.sender.address,
        True,
        opened.name,
        opened.access,
        opened.received,
        size=sum(f.summary.size for f in opened.body.files),
        drop=_drop_label(view, opened),
    )


def _rejected(view: InboxView, rejected: Rejected) -> InboxItem:
    return InboxItem(
        rejected.message_id,
        rejected.claimed_sender,
        False,
        "",
        "",
        rejected.received,
        drop=_drop_label(view, rejected),
        problem=rejected.reason,
    )


def save_into(service: InboxService, files: FileRouter, item_id: str, folder: str) -> list[str]:
    """Streamed from the inbox into My files (missing folders are made, as an upload
    makes them): the plaintext never touches the disk."""
    drive = DriveFiles(files)
    path = ""
    for name in PurePosixPath(folder).parts[1:]:
        path += "/" + name
        if drive.stat(path) is None:
            drive.mkdir(path)
    return service.save_into(item_id, drive.write, folder)


def save_as(service: InboxService, item_id: str, local_folder: Path) -> list[Path]:
    """Straight into the chosen folder (a 0600 part file beside each target, renamed
    into place once checked); the message is then deleted."""
    return service.save_files(item_id, local_folder)


def open_copy(service: InboxService, item_id: str, cache_folder: Path) -> list[Path]:
    """Copies to open, into the window's private open cache; the message stays."""
    return service.save_files(item_id, cache_folder, keep=True)


def remember_senders(folder: Path, items: Sequence[InboxItem]) -> None:
    """Verified senders join the people list of this profile (`SENDERS_FILE`, beside
    the window's other contact file), so they stay after their message is saved."""
    known = set(_senders(folder))
    new = {item.sender for item in items if not item.problem} - known
    if new:
        path = folder / SENDERS_FILE
        path.write_text(json.dumps(sorted(known | new), indent=1), "utf-8")


def _senders(folder: Path) -> list[str]:
    try:
        loaded = json.loads((folder / SENDERS_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return []
    return [a for a in loaded if isinstance(a, str)] if isinstance(loaded, list) else []


def contacts(sharing: SharingService, inbox: InboxService, folder: Path) -> list[str]:
    """Whom I shared with, whose shares I accepted, who sent me something (verified
    senders, remembered in the profile), sorted."""
    state = sharing.shares()
    remember_senders(folder, inbox_items(inbox))
    people = {g.to for g in state.granted} | {r.sender for r in state.received}
    people |= set(_senders(folder))
    people.discard(sharing.own_address)
    return sorted(people)


def send_files(sharing: SharingService, address: str, local_paths: Sequence[Path]) -> None:
    sharing.send(address.strip(), list(local_paths))


def send_remote(sharing: SharingService, files: FileRouter, address: str, remote: str) -> None:
    """A file of My files into someone's inbox: its verified plaintext is read into memory
    (a delivery holds at most MAX_DELIVERY) and encrypted again for them; nothing of it
    is written to disk."""
    try:
        _facts, content = read_content(files, remote, MAX_DELIVERY)
    except TooLargeError as error:
        raise FilesUsageError(
            f"{remote} is {error.size >> 20} MiB; a delivery holds at most "
            f"{MAX_DELIVERY >> 20} MiB: share it instead"
        ) from error
    sharing.send_content(address.strip(), PurePosixPath(remote).name, content)
