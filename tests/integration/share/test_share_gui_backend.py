"""The desktop window's `ServicesBackend` sharing methods over the real services."""

from __future__ import annotations

import pytest
from share_world import User
from world import PASSWORD

from app.gui.backend.interface import Grant, View
from app.gui.backend.services import ServicesBackend
from app.gui.backend.settings_store import Settings
from app.services.session import Session

pytestmark = pytest.mark.integration


def backend_of(user: User) -> ServicesBackend:
    """The user's profile opened by the backend, through the test's transport."""
    transport = user.connector.transport
    session = Session(user.profile, make_transport=lambda _network: transport)
    backend = ServicesBackend(user.profile, Settings(), session=session)
    backend.unlock(PASSWORD)
    return backend


def test_share_inbox_accept_grants_and_unshare_through_the_backend(alice: User, bob: User) -> None:
    alice.files.mkdir("/Album")
    ours, theirs = backend_of(alice), backend_of(bob)
    ours.share("/Album", bob.address, "write")
    assert ours.grants("/Album") == [Grant(bob.address, "write")]
    assert [e.path for e in ours.list_folder(View.SHARED_BY_ME, "/")] == ["/Album"]

    [item] = theirs.inbox()
    assert (item.sender, item.name, item.access, item.sender_verified) == (
        alice.address,
        "Album",
        "write",
        True,
    )
    theirs.accept(item.item_id, "Holiday")
    assert theirs.inbox() == []
    assert [e.path for e in theirs.list_folder(View.SHARED_WITH_ME, "/")] == ["/Shared/Holiday"]
    theirs.mkdir("/Shared/Holiday/From Bob")
    assert [e.name for e in theirs.list_folder(View.SHARED_WITH_ME, "/Holiday")] == ["From Bob"]

    ours.unshare("/Album", bob.address)
    assert ours.grants("/Album") == []
    ours.share("/Album", bob.address, "read")
    [again] = theirs.inbox()
    theirs.decline(again.item_id)
    assert theirs.inbox() == []
