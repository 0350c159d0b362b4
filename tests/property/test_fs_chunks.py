"""Hypothesis properties of the chunk format: round trips for 0..3 chunks at random chunk
sizes, and every single-bit flip or block swap is caught with the right error."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st

from app.fs import ChunkOrderError, ContentDecryptor, ContentEncryptor, ContentKeys, IntegrityError

chunk_sizes = st.integers(min_value=1, max_value=300)


@st.composite
def files(draw: st.DrawFn) -> tuple[int, bytes]:
    size = draw(chunk_sizes)
    chunks = draw(st.integers(min_value=0, max_value=3))
    length = draw(
        st.integers(
            min_value=max(0, (chunks - 1) * size + 1) if chunks else 0, max_value=chunks * size
        )
    )
    return size, draw(st.binary(min_size=length, max_size=length))


def _blocks(keys: ContentKeys, data: bytes) -> tuple[list[bytes], ContentEncryptor]:
    encryptor = ContentEncryptor(keys)
    return list(encryptor.blocks(io.BytesIO(data))), encryptor


@settings(max_examples=60, deadline=None)
@given(files(), st.integers(min_value=1, max_value=50))
def test_round_trip(file: tuple[int, bytes], piece: int) -> None:
    size, data = file
    keys = ContentKeys.generate(chunk_size=size)
    pieces = [data[i : i + piece] for i in range(0, len(data), piece)]
    blocks, encryptor = _blocks(keys, data)
    assert len(blocks) == max(1, -(-len(data) // size))
    sink = io.BytesIO()
    streamed = ContentEncryptor(keys)
    assert streamed.write_to(pieces, sink) == len(data)
    assert streamed.summary() == encryptor.summary()
    decryptor = ContentDecryptor(keys, encryptor.summary())
    assert b"".join(decryptor.chunks(blocks)) == data
    out = io.BytesIO()
    ContentDecryptor(keys, encryptor.summary()).write_to(io.BytesIO(sink.getvalue()), out)
    assert out.getvalue() == data


@settings(max_examples=60, deadline=None)
@given(files(), st.data())
def test_any_bit_flip_is_integrity_error(file: tuple[int, bytes], data: st.DataObject) -> None:
    size, plaintext = file
    keys = ContentKeys.generate(chunk_size=size)
    blocks, _ = _blocks(keys, plaintext)
    which = data.draw(st.integers(0, len(blocks) - 1))
    bit = data.draw(st.integers(1 * 8, len(blocks[which]) * 8 - 1))  # byte 0 is the format
    changed = bytearray(blocks[which])
    changed[bit // 8] ^= 1 << (bit % 8)
    blocks[which] = bytes(changed)
    try:
        b"".join(ContentDecryptor(keys).chunks(blocks))
    except IntegrityError as error:
        assert type(error) is IntegrityError
    else:
        raise AssertionError("a flipped bit went unnoticed")


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 64), st.integers(2, 6), st.data())
def test_any_swap_is_chunk_order_error(size: int, count: int, data: st.DataObject) -> None:
    keys = ContentKeys.generate(chunk_size=size)
    blocks, _ = _blocks(keys, bytes(size * count))
    i = data.draw(st.integers(0, count - 2))
    j = data.draw(st.integers(i + 1, count - 1))
    blocks[i], blocks[j] = blocks[j], blocks[i]
    try:
        b"".join(ContentDecryptor(keys).chunks(blocks))
    except ChunkOrderError as error:
        assert (error.expected, error.found) == (i, j)
    else:
        raise AssertionError("a swap went unnoticed")
