"""`encrypt_small`: a small file's blocks built in memory, checked by decrypting them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.fs import ContentDecryptor, ContentKeys
from app.services.files.upload import encrypt_small
from app.wire.objects import block_id

CHUNK = 64


@pytest.mark.parametrize("size", [0, 1, CHUNK, CHUNK + 1, 3 * CHUNK + 5])
def test_the_blocks_decrypt_to_the_file_whatever_its_size_now(tmp_path: Path, size: int) -> None:
    # a file bigger than one chunk (it grew after it was found small) is cut into chunks
    local = tmp_path / "small.bin"
    data = os.urandom(size)
    local.write_bytes(data)
    keys = ContentKeys.generate(chunk_size=CHUNK)
    content, blocks = encrypt_small(local, keys, b"t" * 16)
    assert content.summary.size == size
    assert content.summary.chunk_count == len(blocks) == max(1, -(-size // CHUNK))
    assert content.block_ids == tuple(block_id(block) for _, block in blocks)
    assert [bid for bid, _ in blocks] == list(content.block_ids)
    decryptor = ContentDecryptor(keys, content.summary)
    assert b"".join(decryptor.chunks(block for _, block in blocks)) == data
