"""A listing is fetched and checked in batches (service.py `_list_folder`): a refusal is
raised for the first entry that fails, in the listing's order, whichever batch's keys
were parsed first (they are parsed on the checking thread, batches ahead of the one
checked)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from files_world import Device, ServerRows
from test_malicious_structure import id_of, put_text

import app.services.files.service as service_module
from app.fs import FolderListing
from app.services.errors import ServiceError
from app.services.files.errors import MetadataTamperedError

pytestmark = pytest.mark.integration


def test_the_first_failing_entry_is_named_whichever_batch_was_parsed_first(
    alice: Device, rows: ServerRows, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("a.txt", "b.txt", "c.txt"):
        put_text(alice, tmp_path, "/Box", name, name)
    a = id_of(alice, "/Box/a.txt")
    extra = bytearray(rows.current(a)["extra"])
    extra[-1] ^= 1  # a's metadata no longer authenticates
    rows.set_current(a, extra=bytes(extra))
    box = alice.files.tree.folder("/Box")

    def unparsable_c(listing: FolderListing) -> FolderListing:  # signed by the folder key
        entries = tuple(
            replace(e, xpub="xpub-that-does-not-parse") if e.name == "c.txt" else e
            for e in listing.entries
        )
        return replace(listing, entries=entries)

    alice.files.tree.update_listing(box, unparsable_c)
    monkeypatch.setattr(service_module, "MAX_IDS_PER_GET", 1)  # a batch per entry
    with pytest.raises(ServiceError) as refused:
        alice.service().ls("/Box")
    assert isinstance(refused.value, MetadataTamperedError), refused.value
