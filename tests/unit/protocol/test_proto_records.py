"""Frames and records: strict headers, limits, and AES-GCM records that refuse to be
reordered, dropped, duplicated or changed (checklist 33)."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from proto_pairs import split_frames

from app.protocol._frames import ContentType, FrameReader, encode_header
from app.protocol._records import Direction, DirectionKeys
from app.protocol.errors import (
    BadRecordMacError,
    FrameError,
    FrameTooLargeError,
    LocalProtocolError,
    RemoteProtocolError,
    UnexpectedMessageError,
    UnsupportedVersionError,
)

KEYS = DirectionKeys(bytes(range(32)), bytes.fromhex("a0a1a2a3a4a5a6a7a8a9aaab"))


def read_all(data: bytes, max_frame_size: int = 1024) -> list[tuple[int, bytes]]:
    reader = FrameReader(max_frame_size)
    reader.feed(data)
    reader.feed(b"")
    frames = []
    while (frame := reader.next_frame()) is not None:
        frames.append((frame.content_type, frame.payload))
    assert reader.at_end
    return frames


def test_header_layout() -> None:
    assert encode_header(ContentType.HANDSHAKE, 0x01020304) == bytes.fromhex("0116010203040000")
    assert read_all(bytes.fromhex("0117000000020000") + b"hi") == [(23, b"hi")]


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (bytes.fromhex("0216000000000000"), UnsupportedVersionError),
        (bytes.fromhex("0118000000000000"), FrameError),  # type 24 (bridge HELLO) is unknown
        (bytes.fromhex("011a000000000000"), FrameError),  # type 26
        (bytes.fromhex("0113000000000000"), FrameError),  # type 19
        (bytes.fromhex("0116000000000001"), FrameError),  # reserved bytes
        (bytes.fromhex("0116000000000100"), FrameError),
        (bytes.fromhex("0116000004010000"), FrameTooLargeError),  # 1025 > 1024
        (bytes.fromhex("01160000000500"), FrameError),  # truncated header
        (bytes.fromhex("0116000000050000") + b"abc", FrameError),  # truncated payload
    ],
)
def test_bad_frames(data: bytes, error: type[Exception]) -> None:
    with pytest.raises(error):
        read_all(data)


def test_large_declared_length_fails_before_buffering() -> None:
    reader = FrameReader(1024)
    with pytest.raises(FrameTooLargeError):
        reader.feed(bytes.fromhex("0116ffffffff0000"))


def test_oversized_header_fails_on_feed() -> None:
    reader = FrameReader(16)
    with pytest.raises(FrameTooLargeError):
        reader.feed(encode_header(ContentType.HANDSHAKE, 17) + bytes(17))


def test_many_small_frames_in_one_body_are_fine() -> None:
    frame = encode_header(ContentType.ALERT, 10) + bytes(10)
    assert len(read_all(frame * 50, max_frame_size=16)) == 50


def test_incremental_feeding() -> None:
    data = encode_header(ContentType.ALERT, 3) + b"abc" + encode_header(ContentType.ALERT, 0)
    reader = FrameReader()
    frames = []
    for i in range(len(data)):
        reader.feed(data[i : i + 1])
        while (frame := reader.next_frame()) is not None:
            frames.append(frame.payload)
    assert frames == [b"abc", b""]


def pair() -> tuple[Direction, Direction]:
    sender, receiver = Direction(), Direction()
    for side in (sender, receiver):
        side.prepare(KEYS)
        side.activate(LocalProtocolError)
    return sender, receiver


def open_frames(receiver: Direction, frames: list[bytes]) -> list[bytes]:
    reader = FrameReader()
    reader.feed(b"".join(frames))
    out = []
    while (frame := reader.next_frame()) is not None:
        out.append(receiver.open(frame))
    return out


def test_records_match_an_independent_aes_gcm() -> None:
    sender, receiver = pair()
    body = b"".join(sender.seal(ContentType.APPLICATION_DATA, m) for m in (b"one", b"two"))
    frames = split_frames(body)
    for seq, frame in enumerate(frames):
        nonce = bytes(a ^ b for a, b in zip(KEYS.iv, seq.to_bytes(12, "big"), strict=True))
        header = frame[:8]
        assert header[:2] == bytes([1, 23]) and int.from_bytes(header[2:6], "big") == 3 + 16
        plain = AESGCM(KEYS.key).decrypt(nonce, frame[8:], header)
        assert plain == [b"one", b"two"][seq]
    assert open_frames(receiver, frames) == [b"one", b"two"]


@pytest.mark.parametrize(
    "tamper",
    [
        lambda f: [f[1], f[0], f[2]],  # reordered
        lambda f: [f[0], f[2]],  # dropped
        lambda f: [f[0], f[0], f[1]],  # duplicated
        lambda f: [f[0], f[1][:-1] + bytes([f[1][-1] ^ 1]), f[2]],  # tag changed
        lambda f: [f[0], f[1][:8] + bytes([f[1][8] ^ 0x80]) + f[1][9:], f[2]],  # ciphertext
        lambda f: [f[0], bytes([1, 22]) + f[1][2:], f[2]],  # header (content type) changed
    ],
    ids=["reordered", "dropped", "duplicated", "tag", "ciphertext", "header"],
)
def test_tampered_records_fail(tamper) -> None:  # type: ignore[no-untyped-def]
    sender, receiver = pair()
    frames = split_frames(
        b"".join(sender.seal(ContentType.APPLICATION_DATA, bytes([i]) * 20) for i in range(3))
    )
    with pytest.raises(BadRecordMacError) as failure:
        open_frames(receiver, tamper(frames))
    assert str(failure.value) == "a record failed authentication"


def test_plain_direction_refuses_application_data() -> None:
    plain = Direction()
    reader = FrameReader()
    reader.feed(encode_header(ContentType.APPLICATION_DATA, 1) + b"x")
    frame = reader.next_frame()
    assert frame is not None
    with pytest.raises(UnexpectedMessageError):
        plain.open(frame)


def test_ccs_without_keys_or_twice_is_refused() -> None:
    with pytest.raises(UnexpectedMessageError):
        Direction().activate(UnexpectedMessageError)
    sender, _ = pair()
    sender.prepare(KEYS)
    with pytest.raises(UnexpectedMessageError):
        sender.activate(UnexpectedMessageError)


def test_sequence_numbers_stop_before_2_to_the_32() -> None:
    sender, receiver = pair()
    sender._seq = receiver._seq = 2**32 - 1
    frame = sender.seal(ContentType.APPLICATION_DATA, b"last")
    assert open_frames(receiver, [frame]) == [b"last"]
    with pytest.raises(LocalProtocolError):
        sender.seal(ContentType.APPLICATION_DATA, b"one too many")
    with pytest.raises(RemoteProtocolError):
        open_frames(receiver, [frame])
