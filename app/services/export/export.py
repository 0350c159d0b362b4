"""Every file of an account, decrypted from a server's data directory with the recovery
phrase alone: no server, no vault, no password (EXPORT.md).

The walk starts at the root folder m/0' derived from the phrase and checks each object
as the client does (app.services.files.tree, app.fs): whose descriptor it is, the
listing or metadata (format, signer, AEAD, signature, parent), the descriptor's
signature, then every chunk of the content and the signed block-id digest. Everything
goes into a hidden staging folder beside the target, renamed to the target only when
the whole account has been verified; any failure removes the staging folder, so the
target is either complete or absent.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

from app.client.objects_api import ObjectsApi
from app.crypto import bip39
from app.crypto.bip32 import ExtendedKey
from app.crypto.errors import MnemonicError
from app.fs import FileMetadata, FolderListing, ItemKey
from app.services.errors import AuthenticationFailedError, InvalidInputError, NotFoundError
from app.services.events import ProgressCallback, ignore_progress
from app.services.export.datadir import DamagedDataDirError, ServerDataDir
from app.services.export.fleet import FleetData, FleetSource
from app.services.files.download import download_file
from app.services.files.errors import translated
from app.services.files.tree import File, FileTree, join_path
from app.vault import Vault

__all__ = ["ExportSummary", "ExportTargetError", "export_account"]


class ExportTargetError(InvalidInputError):
    """The folder to export into cannot be used."""


@dataclass(frozen=True)
class ExportSummary:
    files: int
    folders: int
    bytes: int


def export_account(
    source: Path | FleetSource,
    mnemonic: str,
    out: Path,
    *,
    passphrase: str = "",
    progress: ProgressCallback = ignore_progress,
) -> ExportSummary:
    """Decrypt and verify every file of the phrase's account in `source` (a server's data
    directory, or a fleet's database and bucket) into `out` (which must not exist or be
    empty); `out` is complete or untouched afterwards."""
    root_key = _root_key(mnemonic, passphrase)
    _check_target(out)
    staging = out.parent / f".{out.name}.{secrets.token_hex(6)}.privshare-part"
    try:
        staging.mkdir(mode=0o700)
    except OSError as error:
        raise ExportTargetError(f"cannot create a folder in {out.parent}: {error}") from None
    try:
        opened = (
            FleetData.open(source)
            if isinstance(source, FleetSource)
            else ServerDataDir.open(source)
        )
        with opened as data:
            summary = _Walk(ObjectsApi(data), progress).run(root_key, staging)
        if out.exists():
            out.rmdir()
        staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return summary


def _root_key(mnemonic: str, passphrase: str) -> ItemKey:
    try:
        phrase = bip39.validate_mnemonic(mnemonic)
    except MnemonicError as error:
        raise AuthenticationFailedError(f"the recovery phrase is not valid: {error}") from None
    master = ExtendedKey.from_seed(bip39.mnemonic_to_seed(phrase, passphrase))
    return ItemKey(master.child(Vault.FILES, hardened=True))


def _check_target(out: Path) -> None:
    if out.is_dir():
        if any(out.iterdir()):
            raise ExportTargetError(f"{out} is not empty: give a new or empty folder")
    elif out.exists() or out.is_symlink():
        raise ExportTargetError(f"{out} exists and is not a folder: give a new folder")


class _Walk:
    def __init__(self, api: ObjectsApi, progress: ProgressCallback) -> None:
        self._api = api
        self._progress = progress
        self._files = self._folders = self._bytes = 0

    def run(self, root: ItemKey, target: Path) -> ExportSummary:
        if self._api.descriptor(root.item_id) is None:
            raise NotFoundError(
                "this data directory holds no files of the account of this recovery phrase "
                "(another phrase, or another server's data directory?)"
            )
        pending: list[tuple[ItemKey, str, str, Path]] = [(root, "", "/", target)]
        while pending:
            key, parent_id, path, folder = pending.pop()
            listing = self._listing(key, parent_id, path)
            self._folders += 1
            for entry in listing.entries:
                child = listing.child_key(key, entry)
                child_path = join_path(path, entry.name)
                place = folder / entry.name
                if entry.type == "folder":
                    place.mkdir(mode=0o700)
                    pending.append((child, key.item_id, child_path, place))
                else:
                    self._file(child, key.item_id, child_path, place)
        return ExportSummary(self._files, self._folders, self._bytes)

    def _listing(self, key: ItemKey, parent_id: str, path: str) -> FolderListing:
        record = self._api.descriptor(key.item_id)
        if record is None:
            raise _missing(path)
        try:
            FileTree.check_identity(key, record)
            listing = FolderListing.open(record.extra, key, parent_id=parent_id, min_version=0)
            FileTree.check_signature(key, record)
        except Exception as error:
            raise translated(error, path) from error
        return listing

    def _file(self, key: ItemKey, parent_id: str, path: str, target: Path) -> None:
        record = self._api.descriptor(key.item_id)
        if record is None:
            raise _missing(path)
        try:
            FileTree.check_identity(key, record)
            metadata = FileMetadata.open(record.extra, key, parent_id=parent_id, min_version=0)
            FileTree.check_signature(key, record)
            file = File(key, path, parent_id, metadata, record)
            download_file(self._api, file, target, self._progress)
        except DamagedDataDirError as error:
            raise DamagedDataDirError(f"{error} (a block of {path})") from None
        except Exception as error:
            raise translated(error, path) from error
        modified_ns = metadata.modified * 1_000_000
        with contextlib.suppress(OSError):
            os.utime(target, ns=(modified_ns, modified_ns))
        self._files += 1
        self._bytes += metadata.size


def _missing(path: str) -> DamagedDataDirError:
    return DamagedDataDirError(
        f"the data directory is damaged: {path} is listed in its folder but has no "
        "object there (a row is missing)"
    )
