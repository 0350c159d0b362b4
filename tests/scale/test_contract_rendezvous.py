"""Device-linking mailboxes (server_stub/rendezvous.py) on SQLite and on PostgreSQL, as
two processes see them: a mailbox opened through one is used through the other, and of
two processes racing to try a code exactly one gets the try."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from backend_helpers import Backend

from server_stub.ports import SqlDatabase
from server_stub.rendezvous import Mailboxes, SpentError, UnknownMailboxError

NOW = 1_000_000.0


@pytest.fixture
def two(backend: Backend) -> Iterator[tuple[Mailboxes, Mailboxes]]:
    other: SqlDatabase = backend.reopen()
    yield Mailboxes(backend.database), Mailboxes(other)
    other.close()


def test_a_mailbox_opened_through_one_process_is_used_through_another(
    two: tuple[Mailboxes, Mailboxes],
) -> None:
    first, second = two

    async def go() -> None:
        number, token, _ = await first.open("10.0.0.1", NOW)
        await second.post(number, "A", "pake", b"a", token, "10.0.0.1", NOW + 1)
        assert await first.get(number, "A", "pake", NOW + 2) == b"a"
        await first.post(number, "B", "pake", b"b", None, "10.0.0.2", NOW + 3)
        with pytest.raises(SpentError):
            await second.post(number, "B", "pake", b"guess", None, "10.0.0.3", NOW + 4)
        await second.close(number, token, NOW + 5)
        with pytest.raises(UnknownMailboxError):
            await first.get(number, "B", "pake", NOW + 6)

    asyncio.run(go())


def test_racing_tries_of_one_code_get_one_try(two: tuple[Mailboxes, Mailboxes]) -> None:
    first, second = two

    async def go() -> list[BaseException | None]:
        number, _, _ = await first.open("10.0.0.1", NOW)

        async def claim(store: Mailboxes, guess: bytes) -> None:
            await store.post(number, "B", "pake", guess, None, "10.0.0.9", NOW + 1)

        tries = [claim(store, bytes([n])) for n in range(8) for store in (first, second)]
        return await asyncio.gather(*tries, return_exceptions=True)

    outcomes = asyncio.run(go())
    assert outcomes.count(None) == 1
    assert all(isinstance(o, SpentError) for o in outcomes if o is not None)
