"""The chunk format: round trips, an independent AES-GCM oracle, checklist items 15-19, 22, 30."""

from __future__ import annotations

import dataclasses
import io
import os

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from app.fs import (
    ChunkOrderError,
    ContentDecryptor,
    ContentEncryptor,
    ContentKeys,
    ContentSummary,
    FormatVersionError,
    FsUsageError,
    IntegrityError,
    TruncationError,
)
from app.fs.chunks import blocks_digest, chunk_count_for
from app.wire.objects import BLAKE3, SHA256, block_id

CHUNK = 64
Sample = tuple[bytes, list[bytes]]


def encrypt(data: bytes, keys: ContentKeys) -> tuple[list[bytes], ContentEncryptor]:
    encryptor = ContentEncryptor(keys)
    return list(encryptor.blocks(io.BytesIO(data))), encryptor


def decrypt(
    blocks: list[bytes], keys: ContentKeys, expected: ContentSummary | None = None
) -> bytes:
    return b"".join(ContentDecryptor(keys, expected).chunks(blocks))


@pytest.fixture
def keys() -> ContentKeys:
    return ContentKeys.generate(chunk_size=CHUNK)


@pytest.fixture
def four_chunks(keys: ContentKeys) -> tuple[bytes, list[bytes]]:
    data = os.urandom(3 * CHUNK + 10)
    blocks, _ = encrypt(data, keys)
    assert len(blocks) == 4
    return data, blocks


def test_blocks_match_an_independent_aes_gcm_following_format_md(keys: ContentKeys) -> None:
    data = os.urandom(2 * CHUNK + 5)
    blocks, _ = encrypt(data, keys)
    oracle = AESGCM(keys.content_key)
    for index, block in enumerate(blocks):
        last = index == len(blocks) - 1
        flag = b"\x01" if last else b"\x00"
        assert block[:10] == b"\x01" + index.to_bytes(8, "big") + flag
        nonce = index.to_bytes(11, "big") + flag
        aad = b"\x01" + keys.version_id + index.to_bytes(8, "big") + flag
        expected = data[index * CHUNK : (index + 1) * CHUNK]
        assert oracle.decrypt(nonce, block[10:], aad) == expected


def test_nonces_never_repeat_under_one_key(keys: ContentKeys) -> None:
    blocks, _ = encrypt(os.urandom(20 * CHUNK), keys)
    nonces = {block[1:10] for block in blocks}
    assert len(nonces) == len(blocks) == 20


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK])
def test_round_trip_and_summary(keys: ContentKeys, size: int) -> None:
    data = os.urandom(size)
    blocks, encryptor = encrypt(data, keys)
    summary = encryptor.summary()
    assert summary.size == size
    assert summary.chunk_count == len(blocks) == chunk_count_for(size, CHUNK)
    assert encryptor.block_ids == [block_id(b) for b in blocks]
    assert summary.blocks_digest == blocks_digest(block_id(b) for b in blocks)
    assert decrypt(blocks, keys, summary) == data


def test_empty_file_is_one_empty_last_chunk(keys: ContentKeys) -> None:
    blocks, _ = encrypt(b"", keys)
    assert len(blocks) == 1 and len(blocks[0]) == 26 and blocks[0][9] == 1
    assert decrypt(blocks, keys) == b""


def test_stream_to_stream_with_iterable_source(keys: ContentKeys) -> None:
    data = os.urandom(5 * CHUNK + 3)
    pieces = [data[i : i + 7] for i in range(0, len(data), 7)]
    sink = io.BytesIO()
    encryptor = ContentEncryptor(keys)
    assert encryptor.write_to(pieces, sink) == len(data)
    summary = encryptor.summary()
    out = io.BytesIO()
    size = ContentDecryptor(keys, summary).write_to(io.BytesIO(sink.getvalue()), out)
    assert size == len(data) and out.getvalue() == data


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK])
def test_a_single_chunk_sealed_from_memory_is_the_streamed_block(
    keys: ContentKeys, size: int
) -> None:
    data = os.urandom(size)
    streamed, by_stream = encrypt(data, keys)
    by_memory = ContentEncryptor(keys)
    block = by_memory.seal_single(data)
    assert [block] == streamed
    assert by_memory.summary() == by_stream.summary()
    assert decrypt([block], keys, by_memory.summary()) == data


def test_sealing_from_memory_refuses_more_than_one_chunk_and_a_second_use(
    keys: ContentKeys,
) -> None:
    with pytest.raises(FsUsageError):
        ContentEncryptor(keys).seal_single(bytes(CHUNK + 1))
    encryptor = ContentEncryptor(keys)
    encryptor.seal_single(b"abc")
    with pytest.raises(FsUsageError):
        encryptor.seal_single(b"abc")
    with pytest.raises(FsUsageError):
        list(encryptor.blocks([b"abc"]))


def test_without_block_hashing_there_is_no_summary(keys: ContentKeys) -> None:
    encryptor = ContentEncryptor(keys, hash_blocks=False)
    blocks = list(encryptor.blocks([b"a" * 100]))
    assert encryptor.block_ids == [] and encryptor.chunk_count == len(blocks) == 2
    with pytest.raises(FsUsageError):
        encryptor.summary()


def test_an_encryptor_is_single_use(keys: ContentKeys) -> None:
    encryptor = ContentEncryptor(keys)
    with pytest.raises(FsUsageError):
        encryptor.summary()
    list(encryptor.blocks([b"abc"]))
    with pytest.raises(FsUsageError):
        list(encryptor.blocks([b"abc"]))


def test_item15_bit_flip_is_integrity_error(keys: ContentKeys, four_chunks: Sample) -> None:
    _, blocks = four_chunks
    for position in (10, 40, len(blocks[1]) - 1):
        tampered = list(blocks)
        changed = bytearray(tampered[1])
        changed[position] ^= 0x04
        tampered[1] = bytes(changed)
        with pytest.raises(IntegrityError) as caught:
            decrypt(tampered, keys)
        assert type(caught.value) is IntegrityError


def test_item15_no_plaintext_of_the_bad_chunk_is_released(
    keys: ContentKeys, four_chunks: Sample
) -> None:
    data, blocks = four_chunks
    changed = bytearray(blocks[2])
    changed[20] ^= 1
    released = []
    with pytest.raises(IntegrityError):
        for chunk in ContentDecryptor(keys).chunks([*blocks[:2], bytes(changed), blocks[3]]):
            released.append(chunk)
    assert b"".join(released) == data[: 2 * CHUNK]


def test_item15_header_index_edit_is_integrity_error(
    keys: ContentKeys, four_chunks: Sample
) -> None:
    _, blocks = four_chunks
    forged = blocks[2][:1] + (1).to_bytes(8, "big") + blocks[2][9:]
    with pytest.raises(IntegrityError) as caught:
        decrypt([blocks[0], forged, blocks[2], blocks[3]], keys)
    assert type(caught.value) is IntegrityError


def test_item16_swapped_chunks_is_chunk_order_error(keys: ContentKeys, four_chunks: Sample) -> None:
    _, blocks = four_chunks
    with pytest.raises(ChunkOrderError) as caught:
        decrypt([blocks[0], blocks[2], blocks[1], blocks[3]], keys)
    assert (caught.value.expected, caught.value.found) == (1, 2)
    with pytest.raises(ChunkOrderError):
        decrypt([blocks[3], blocks[1], blocks[2], blocks[0]], keys)


def test_item17_dropped_last_chunk_is_truncation_error(
    keys: ContentKeys, four_chunks: Sample
) -> None:
    _, blocks = four_chunks
    with pytest.raises(TruncationError):
        decrypt(blocks[:-1], keys)
    with pytest.raises(TruncationError):
        decrypt(blocks[:1], keys)
    with pytest.raises(TruncationError):
        decrypt([], keys)


def test_item17_truncated_stream_is_truncation_error(
    keys: ContentKeys, four_chunks: Sample
) -> None:
    _, blocks = four_chunks
    stream = io.BytesIO(b"".join(blocks[:3]))
    with pytest.raises(TruncationError):
        ContentDecryptor(keys).write_to(stream, io.BytesIO())


def test_item18_appended_chunk_is_integrity_error(keys: ContentKeys, four_chunks: Sample) -> None:
    _, blocks = four_chunks
    with pytest.raises(IntegrityError) as caught:
        decrypt([*blocks, blocks[1]], keys)
    assert type(caught.value) is IntegrityError


@pytest.mark.parametrize("extra", [b"\x00", b"x" * 26, b"y" * 200])
def test_item18_trailing_bytes_in_a_stream_are_integrity_error(
    keys: ContentKeys, four_chunks: Sample, extra: bytes
) -> None:
    _, blocks = four_chunks
    stream = io.BytesIO(b"".join(blocks) + extra)
    with pytest.raises(IntegrityError) as caught:
        ContentDecryptor(keys).write_to(stream, io.BytesIO())
    assert type(caught.value) is IntegrityError


def test_item19_chunk_spliced_from_another_file_is_integrity_error(
    keys: ContentKeys, four_chunks: Sample
) -> None:
    _, blocks = four_chunks
    other_blocks, _ = encrypt(os.urandom(3 * CHUNK + 10), ContentKeys.generate(chunk_size=CHUNK))
    with pytest.raises(IntegrityError) as caught:
        decrypt([blocks[0], other_blocks[1], blocks[2], blocks[3]], keys)
    assert type(caught.value) is IntegrityError


def test_item19_same_key_other_version_id_is_integrity_error(
    keys: ContentKeys, four_chunks: Sample
) -> None:
    _, blocks = four_chunks
    sibling = ContentKeys(keys.content_key, os.urandom(16), CHUNK)
    other_blocks, _ = encrypt(os.urandom(3 * CHUNK + 10), sibling)
    with pytest.raises(IntegrityError) as caught:
        decrypt([blocks[0], other_blocks[1], blocks[2], blocks[3]], keys)
    assert type(caught.value) is IntegrityError


def test_item22_content_of_another_file_is_integrity_error(
    keys: ContentKeys, four_chunks: Sample
) -> None:
    other_keys = ContentKeys.generate(chunk_size=CHUNK)
    other_blocks, _ = encrypt(os.urandom(3 * CHUNK + 10), other_keys)
    with pytest.raises(IntegrityError) as caught:
        decrypt(other_blocks, keys)
    assert type(caught.value) is IntegrityError


def test_metadata_mismatch_of_size_or_blocks_is_integrity_error(keys: ContentKeys) -> None:
    blocks, encryptor = encrypt(os.urandom(CHUNK + 1), keys)
    summary = encryptor.summary()
    wrong_digest = type(summary)(summary.size, summary.chunk_count, bytes(32))
    with pytest.raises(IntegrityError, match="blocks"):
        decrypt(blocks, keys, wrong_digest)
    wrong_size = type(summary)(summary.size + 1, summary.chunk_count, summary.blocks_digest)
    with pytest.raises(IntegrityError, match="size"):
        decrypt(blocks, keys, wrong_size)


@pytest.mark.parametrize("format_byte", [0x00, 0x02, 0xFF])
def test_item30_unknown_chunk_format_byte_is_format_version_error(
    keys: ContentKeys, four_chunks: Sample, format_byte: int
) -> None:
    _, blocks = four_chunks
    downgraded = bytes([format_byte]) + blocks[0][1:]
    with pytest.raises(FormatVersionError) as caught:
        decrypt([downgraded, *blocks[1:]], keys)
    assert caught.value.found == format_byte


def test_short_or_bad_flag_blocks_are_integrity_errors(keys: ContentKeys) -> None:
    block = encrypt(b"abc", keys)[0][0]
    for bad in (block[:25], block[:9] + b"\x02" + block[10:]):
        with pytest.raises(IntegrityError):
            decrypt([bad], keys)


def test_content_keys_validate_and_hide_the_key() -> None:
    with pytest.raises(FsUsageError):
        ContentKeys(b"k" * 31, b"v" * 16)
    with pytest.raises(FsUsageError):
        ContentKeys(b"k" * 32, b"v" * 16, chunk_size=0)
    assert "kkkk" not in repr(ContentKeys(b"k" * 32, b"v" * 16)).lower()


def test_chunk_views_write_the_same_plaintext_without_a_copy_per_chunk(
    keys: ContentKeys, four_chunks: Sample
) -> None:
    data, blocks = four_chunks
    sink = io.BytesIO()
    views = ContentDecryptor(keys).chunk_views(blocks)
    first = next(views)
    assert isinstance(first, memoryview)
    sink.write(first)
    for view in views:
        assert view.obj is first.obj  # one reused buffer, not a new bytes object
        sink.write(view)
    assert sink.getvalue() == data


@pytest.mark.parametrize("hash_name", [SHA256, BLAKE3])
def test_open_into_with_ids_hashed_elsewhere_reads_the_file(
    keys: ContentKeys, hash_name: str
) -> None:
    keys = dataclasses.replace(keys, block_hash=hash_name)
    data = os.urandom(3 * CHUNK + 10)
    blocks, encryptor = encrypt(data, keys)
    decryptor = ContentDecryptor(keys, encryptor.summary())
    assert decryptor.checks_block_ids
    ids = [decryptor.block_id(block) for block in blocks]
    assert ids == [block_id(block, hash_name) for block in blocks]
    out = memoryview(bytearray(CHUNK))
    plain = b"".join(
        bytes(decryptor.open_into(block, out, bid)) for block, bid in zip(blocks, ids, strict=True)
    )
    decryptor.finish()
    assert plain == data


def test_open_into_counts_the_id_it_is_given(keys: ContentKeys, four_chunks: Sample) -> None:
    """An id computed elsewhere is what the signed digest is checked against: a wrong
    one fails the file, though every block itself is genuine."""
    data, blocks = four_chunks
    _, encryptor = encrypt(data, keys)
    decryptor = ContentDecryptor(keys, encryptor.summary())
    out = memoryview(bytearray(CHUNK))
    ids = [block_id(block) for block in blocks]
    ids[2] = block_id(blocks[1])
    for block, given in zip(blocks, ids, strict=True):
        decryptor.open_into(block, out, given)
    with pytest.raises(IntegrityError, match="blocks do not match"):
        decryptor.finish()


def test_open_into_refuses_a_buffer_smaller_than_the_chunk(
    keys: ContentKeys, four_chunks: Sample
) -> None:
    _, blocks = four_chunks
    with pytest.raises(IntegrityError):
        ContentDecryptor(keys).open_into(blocks[0], memoryview(bytearray(CHUNK - 1)))
