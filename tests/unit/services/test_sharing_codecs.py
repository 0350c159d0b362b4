"""The sharing settings item and the message body: round trips (Hypothesis) and the
checks that must fail on any change (SHARING.md §2-§3)."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.crypto.bip32 import ExtendedKey
from app.fs import ContentKeys, ContentSummary, ItemKey, ShareReference
from app.services.sharing.message import Attachment, MessageBody, MessageFormatError
from app.services.sharing.settings import (
    Grant,
    Inbox,
    Received,
    SettingsTamperedError,
    SharingState,
    decode_state,
    encode_state,
)

KEY = ItemKey(ExtendedKey.from_seed(bytes(range(32))).child(9).child(1))
OTHER = ItemKey(ExtendedKey.from_seed(bytes(range(1, 33))))
text = st.text(max_size=20)
ms = st.integers(min_value=0, max_value=2**63)

inboxes = st.lists(st.builds(Inbox, st.integers(0, 2**31 - 1), text, text), max_size=3)
grants = st.lists(st.builds(Grant, text, text, text, text, text, ms), max_size=3)
receiveds = st.lists(st.builds(Received, text, text, text, st.binary(max_size=40), ms), max_size=3)
states = st.builds(
    SharingState,
    version=st.integers(min_value=0, max_value=2**64 - 1),
    inboxes=inboxes.map(tuple),
    granted=grants.map(tuple),
    received=receiveds.map(tuple),
)


@settings(max_examples=60, deadline=None)
@given(states)
def test_settings_round_trip(state: SharingState) -> None:
    assert decode_state(KEY, encode_state(KEY, state)) == state


@settings(max_examples=60, deadline=None)
@given(states, st.data())
def test_any_changed_byte_of_the_settings_fails(state: SharingState, data: st.DataObject) -> None:
    sealed = bytearray(encode_state(KEY, state))
    position = data.draw(st.integers(0, len(sealed) - 1))
    sealed[position] ^= data.draw(st.integers(1, 255))
    with pytest.raises(SettingsTamperedError):
        decode_state(KEY, bytes(sealed))


def test_settings_open_only_under_their_own_key() -> None:
    sealed = encode_state(KEY, SharingState(version=3))
    with pytest.raises(SettingsTamperedError):
        decode_state(OTHER, sealed)
    with pytest.raises(SettingsTamperedError):
        decode_state(KEY, sealed[:20])


def test_state_helpers_replace_by_identity() -> None:
    grant = Grant("id1", "/a", "folder", "bob#h", "read", 1)
    state = SharingState().with_grant(grant).with_grant(dataclasses.replace(grant, access="write"))
    assert [g.access for g in state.grants_of("id1")] == ["write"]
    received = Received("s:1", "Docs", "alice#h", b"r", 2)
    assert SharingState().with_received(received).received_named("Docs") == received
    assert SharingState().with_inbox(Inbox(0, "public", "x")).with_inbox(
        Inbox(0, "private", "y")
    ).inboxes == (Inbox(0, "private", "y"),)


def share_body(**changes: object) -> MessageBody:
    reference = ShareReference("h:1", OTHER.public(), "Docs", "folder")
    fields: dict[str, object] = dict(
        kind="share",
        sender="alice#h",
        recipient="bob#h",
        sink_id="1Sink",
        sent=5,
        text="hi",
        share=reference.to_bytes(),
    )
    fields.update(changes)
    return MessageBody(**fields)  # type: ignore[arg-type]


@settings(max_examples=40, deadline=None)
@given(text, st.integers(0, 2**63), st.booleans())
def test_message_body_round_trip(note: str, sent: int, write: bool) -> None:
    key = OTHER if write else OTHER.public()
    body = share_body(text=note, sent=sent, share=ShareReference("h", key, "N", "file").to_bytes())
    again = MessageBody.from_bytes(body.to_bytes())
    assert again == body and again.reference.grants_write is write


def test_a_files_body_round_trips_its_keys() -> None:
    attachment = Attachment("a.txt", ContentKeys.generate(), ContentSummary(3, 1, bytes(32)))
    body = share_body(kind="files", share=None, files=(attachment,))
    assert MessageBody.from_bytes(body.to_bytes()).files == (attachment,)


@pytest.mark.parametrize(
    "bad",
    [
        share_body(kind="other"),
        share_body(share=None),
        share_body(kind="files", share=None),
        share_body(text="x" * 5000),
    ],
)
def test_malformed_bodies_are_refused(bad: MessageBody) -> None:
    with pytest.raises(MessageFormatError):
        MessageBody.from_bytes(bad.to_bytes())


def test_unknown_format_and_garbage_are_refused() -> None:
    data = share_body().to_bytes()
    for broken in (b"", b"\x02" + data[1:], data[:-3], b"\x01\xc1"):
        with pytest.raises(MessageFormatError):
            MessageBody.from_bytes(broken)
