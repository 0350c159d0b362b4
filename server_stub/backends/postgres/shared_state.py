"""The endpoint's state between requests, shared by every process through PostgreSQL
(backends/SPEC.md §2): pending logins and the `ecdhef` replay cache.

A pending login is its `LoginStart` (server_stub/logins.py), msgpack-encoded and sealed
with AES-256-GCM under a key derived from the server key (its seed is the login's
secret; the database never holds it in clear), the login id as associated data. `take`
is one `DELETE … RETURNING`: a login is finished at most once, by whichever process
gets the exchange. The replay cache is an UNLOGGED table (lost on a database crash,
like the in-memory one on a restart); `INSERT … ON CONFLICT DO NOTHING` answers "first
use" to exactly one of racing processes.

The helpers take the `SqlConnection` of backends/postgres/database.py, which speaks the
`sqlite3.Connection` dialect the other stores' helpers are typed with.
"""

from __future__ import annotations

import secrets
import sqlite3

import msgpack

from app.crypto import aead
from app.crypto.kdf import derive_key
from server_stub.logins import LoginStart
from server_stub.ports import KdfParams, SqlDatabase, SrpRecord

__all__ = ["PgPendingLogins", "PgReplayCache"]

NONCE_SIZE = 12
PRUNE_EVERY = 256  # puts between two deletions of expired rows


class PgPendingLogins:
    def __init__(self, database: SqlDatabase, server_key_bytes: bytes) -> None:
        self._db = database
        self._key = derive_key(server_key_bytes, "server/pending-logins")
        self._puts = 0

    async def put(self, login_id: bytes, start: LoginStart, expires: float, now: float) -> None:
        nonce = secrets.token_bytes(NONCE_SIZE)
        sealed = nonce + aead.encrypt(self._key, nonce, _encode(start), login_id)
        self._puts += 1
        prune = self._puts % PRUNE_EVERY == 0
        await self._db.run(_put, login_id, sealed, expires, now if prune else None)

    async def take(self, login_id: bytes, now: float) -> LoginStart | None:
        sealed = await self._db.run(_take, login_id, now)
        if sealed is None:
            return None
        nonce, body = sealed[:NONCE_SIZE], sealed[NONCE_SIZE:]
        return _decode(aead.decrypt(self._key, nonce, body, login_id))


class PgReplayCache:
    def __init__(self, database: SqlDatabase) -> None:
        self._db = database
        self._uses = 0

    async def first_use(self, random: bytes, expires: float, now: float) -> bool | None:
        self._uses += 1
        prune = self._uses % PRUNE_EVERY == 0
        return await self._db.run(_first_use, random, expires, now, prune)


def _put(
    connection: sqlite3.Connection,
    login_id: bytes,
    sealed: bytes,
    expires: float,
    prune_before: float | None,
) -> None:
    if prune_before is not None:
        connection.execute("DELETE FROM pending_logins WHERE expires <= ?", (prune_before,))
    connection.execute("INSERT INTO pending_logins VALUES (?, ?, ?)", (login_id, sealed, expires))


def _take(connection: sqlite3.Connection, login_id: bytes, now: float) -> bytes | None:
    row = connection.execute(
        "DELETE FROM pending_logins WHERE id = ? RETURNING state, expires", (login_id,)
    ).fetchone()
    return None if row is None or row[1] <= now else bytes(row[0])


def _first_use(
    connection: sqlite3.Connection, random: bytes, expires: float, now: float, prune: bool
) -> bool:
    if prune:
        connection.execute("DELETE FROM seen_randoms WHERE expires <= ?", (now,))
    row = connection.execute(
        "INSERT INTO seen_randoms VALUES (?, ?) ON CONFLICT (random) DO UPDATE "
        "SET expires = excluded.expires WHERE seen_randoms.expires <= ? RETURNING 1",
        (random, expires, now),
    ).fetchone()
    return row is not None


def _encode(start: LoginStart) -> bytes:
    record = start.record
    packed_record = None
    if record is not None:
        verifier = record.verifier.to_bytes((record.verifier.bit_length() + 7) // 8 or 1, "big")
        kdf = record.kdf
        packed_record = [
            record.salt,
            verifier,
            record.group,
            kdf.algorithm,
            kdf.iterations,
            kdf.salt,
        ]
    return bytes(
        msgpack.packb(
            [
                start.kind,
                start.username,
                packed_record,
                start.family_master,
                start.session_id,
                start.init_raw,
                start.init,
                start.seed,
            ],
            use_bin_type=True,
        )
    )


def _decode(data: bytes) -> LoginStart:
    kind, username, packed, master, session_id, init_raw, init, seed = msgpack.unpackb(
        data, raw=False
    )
    record = None
    if packed is not None:
        salt, verifier, group, algorithm, iterations, kdf_salt = packed
        kdf = KdfParams(algorithm, iterations, kdf_salt)
        record = SrpRecord(salt, int.from_bytes(verifier, "big"), group, kdf)
    return LoginStart(kind, username, record, master, session_id, init_raw, init, seed)
