"""The engines start for real: PostgreSQL answers SQL, SeaweedFS stores and returns a block."""

from __future__ import annotations

import hashlib

import psycopg

from server_stub.backends.s3.blocks import S3Blocks


def test_postgres_answers(database_url: str) -> None:
    with psycopg.connect(database_url) as connection:
        row = connection.execute("SHOW server_version_num").fetchone()
    assert row is not None and int(row[0]) >= 150000


def test_seaweedfs_stores_a_block(s3_blocks: S3Blocks) -> None:
    data = b"hello"
    block_id = hashlib.sha256(data).digest()
    assert s3_blocks.write_unsynced(block_id, data)
    assert not s3_blocks.write_unsynced(block_id, data)  # conditional: never replaced
    assert s3_blocks.read(block_id) == data
    assert s3_blocks.all_ids() == [block_id]
