"""The PostgreSQL schema of a multi-process server, versioned in `schema_version`.

The tables the embedded server keeps in SQLite (database.py MIGRATIONS, the tables of
objects/parents.py and pki/log.py) have the same names and columns here, with
PostgreSQL types (BLOB -> bytea, REAL -> double precision, INTEGER -> bigint), so the
same SQL helpers run on both; tests/scale/test_schema.py holds the two in step. The
state one process used to keep in memory gets tables of its own (backends/SPEC.md §2).

`MIGRATIONS[i]` upgrades version `i` to `i + 1`; `migrate` applies the missing ones in
one transaction under an advisory lock, so processes starting together migrate once.
"""

from __future__ import annotations

from typing import Any

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "migrate"]

MIGRATE_LOCK = 0x70727600  # advisory lock key taken while migrating

MIGRATIONS: tuple[str, ...] = (
    # 0 -> 1: everything the embedded server has at its schema 4, plus shared state
    """
    CREATE TABLE users (
        name            text PRIMARY KEY,
        srp_salt        bytea NOT NULL,
        srp_verifier    bytea NOT NULL,
        srp_group       text NOT NULL,
        kdf_algorithm   text NOT NULL,
        kdf_iterations  bigint NOT NULL,
        kdf_salt        bytea NOT NULL,
        created         double precision NOT NULL
    );
    CREATE TABLE login_keys (
        public_key  bytea PRIMARY KEY,
        username    text NOT NULL REFERENCES users(name) ON DELETE CASCADE
    );
    CREATE TABLE tickets (
        id              bytea PRIMARY KEY,
        family_master   bytea NOT NULL,
        session_id      bytea NOT NULL,
        username        text,
        expires         double precision NOT NULL
    );
    CREATE INDEX tickets_by_session ON tickets(session_id);
    CREATE INDEX tickets_by_expiry ON tickets(expires);
    CREATE TABLE login_failures (
        username    text NOT NULL,
        address     text NOT NULL,
        at          double precision NOT NULL
    );
    CREATE INDEX failures_by_user ON login_failures(username, at);
    CREATE INDEX failures_by_address ON login_failures(address, at);
    CREATE TABLE invitations (
        token_hash  bytea PRIMARY KEY,
        created     double precision NOT NULL
    );
    CREATE TABLE account_data (
        username    text PRIMARY KEY REFERENCES users(name) ON DELETE CASCADE,
        priv_data   bytea NOT NULL,
        updated     double precision NOT NULL
    );
    CREATE TABLE obj_blocks (
        id          bytea PRIMARY KEY,
        size        bigint NOT NULL,
        refs        bigint NOT NULL,
        created     double precision NOT NULL
    );
    CREATE TABLE obj_descriptors (
        id              text PRIMARY KEY,
        public_key      bytea NOT NULL,
        owner           text NOT NULL,
        seq             bigint NOT NULL,
        lock_id         bytea,
        lock_expires    double precision
    );
    CREATE INDEX obj_descriptors_by_owner ON obj_descriptors(owner);
    CREATE TABLE obj_versions (
        descriptor_id   text NOT NULL,
        seq             bigint NOT NULL,
        blocks          bytea NOT NULL,
        extra           bytea NOT NULL,
        signature       bytea NOT NULL,
        server_time     double precision NOT NULL,
        PRIMARY KEY (descriptor_id, seq)
    );
    CREATE TABLE obj_links (
        descriptor_id   text NOT NULL,
        block_id        bytea NOT NULL,
        refs            bigint NOT NULL,
        PRIMARY KEY (descriptor_id, block_id)
    );
    CREATE TABLE obj_usage (
        owner       text NOT NULL,
        block_id    bytea NOT NULL,
        refs        bigint NOT NULL,
        PRIMARY KEY (owner, block_id)
    );
    CREATE TABLE obj_owners (
        owner           text PRIMARY KEY,
        bytes           bigint NOT NULL,
        descriptors     bigint NOT NULL
    );
    CREATE TABLE obj_transfers (
        id          bytea PRIMARY KEY,
        owner       text NOT NULL,
        expires     double precision NOT NULL,
        bytes       bigint NOT NULL,
        blocks      bigint NOT NULL
    );
    CREATE INDEX obj_transfers_by_owner ON obj_transfers(owner);
    CREATE INDEX obj_transfers_by_expiry ON obj_transfers(expires);
    CREATE TABLE obj_transfer_blocks (
        transfer_id     bytea NOT NULL,
        block_id        bytea NOT NULL,
        seq             bigint NOT NULL,
        used            bigint NOT NULL,
        PRIMARY KEY (transfer_id, block_id)
    );
    CREATE INDEX obj_transfer_blocks_by_block ON obj_transfer_blocks(block_id);
    CREATE TABLE obj_parent_challenges (
        nonce       bytea PRIMARY KEY,
        parent_id   text NOT NULL,
        expires     double precision NOT NULL
    );
    CREATE INDEX obj_parent_challenges_by_parent ON obj_parent_challenges(parent_id, expires);
    CREATE TABLE obj_parent_actions (
        parent_id   text NOT NULL,
        action      text NOT NULL,
        subject     bytea NOT NULL,
        at          double precision NOT NULL
    );
    CREATE INDEX obj_parent_actions_by_parent ON obj_parent_actions(parent_id, action, at);
    CREATE TABLE obj_parent_transfers (
        transfer_id bytea PRIMARY KEY,
        parent_id   text NOT NULL
    );
    CREATE TABLE sink_sinks (
        id          text PRIMARY KEY,
        public_key  bytea NOT NULL,
        owner       text NOT NULL,
        acl         text NOT NULL,
        data        bytea NOT NULL,
        is_default  bigint NOT NULL,
        last_seq    bigint NOT NULL,
        messages    bigint NOT NULL,
        bytes       bigint NOT NULL,
        created     double precision NOT NULL
    );
    CREATE INDEX sink_sinks_by_owner ON sink_sinks(owner);
    CREATE TABLE sink_messages (
        sink_id     text NOT NULL,
        seq         bigint NOT NULL,
        envelope    bytea NOT NULL,
        blocks      bytea NOT NULL,
        verified    bigint NOT NULL,
        size        bigint NOT NULL,
        server_time double precision NOT NULL,
        PRIMARY KEY (sink_id, seq)
    );
    CREATE TABLE pki_entries (
        leaf_index  bigint PRIMARY KEY,
        name        text NOT NULL,
        revision    bigint NOT NULL,
        keystore    bytea NOT NULL,
        UNIQUE (name, revision)
    );
    CREATE TABLE pki_heads (
        seq         bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        head        bytea NOT NULL
    );
    CREATE TABLE pending_logins (
        id          bytea PRIMARY KEY,
        state       bytea NOT NULL,
        expires     double precision NOT NULL
    );
    CREATE INDEX pending_logins_by_expiry ON pending_logins(expires);
    CREATE UNLOGGED TABLE seen_randoms (
        random      bytea PRIMARY KEY,
        expires     double precision NOT NULL
    );
    CREATE INDEX seen_randoms_by_expiry ON seen_randoms(expires);
    CREATE TABLE rate_hits (
        key         text NOT NULL,
        at          double precision NOT NULL
    );
    CREATE INDEX rate_hits_by_key ON rate_hits(key, at);
    """,
    # 1 -> 2: share links (the embedded schema's 4 -> 5; server_stub/LINKS.md). A fleet
    # does not serve links yet (their bytes are files in one data directory): the rows
    # are kept, as `server migrate` copies them, for the PostgreSQL twin of LinkStore.
    """
    CREATE TABLE links_links (
        id              text PRIMARY KEY,
        owner           text NOT NULL,
        mode            text NOT NULL,
        state           text NOT NULL,
        created         double precision NOT NULL,
        expires         bigint,
        max_downloads   bigint,
        downloads       bigint NOT NULL,
        size            bigint NOT NULL,
        drops           bigint NOT NULL,
        note            bytea NOT NULL,
        kdf_salt        bytea,
        kdf_iterations  bigint,
        access_hash     bytea NOT NULL,
        counts          text NOT NULL,
        manifest        bytea,
        failures        bigint NOT NULL,
        failure_start   double precision NOT NULL
    );
    CREATE INDEX links_links_by_owner ON links_links(owner);
    CREATE TABLE links_blocks (
        link_id     text NOT NULL,
        file        bigint NOT NULL,
        idx         bigint NOT NULL,
        size        bigint NOT NULL,
        PRIMARY KEY (link_id, file, idx)
    );
    CREATE TABLE links_drops (
        link_id     text NOT NULL,
        number      bigint NOT NULL,
        header      bytea NOT NULL,
        blocks      bigint NOT NULL,
        size        bigint NOT NULL,
        complete    bigint NOT NULL,
        created     double precision NOT NULL,
        PRIMARY KEY (link_id, number)
    );
    CREATE TABLE links_grants (
        hash        bytea PRIMARY KEY,
        link_id     text NOT NULL,
        expires     double precision NOT NULL
    );
    CREATE TABLE links_failures (
        address     text NOT NULL,
        at          double precision NOT NULL
    );
    CREATE INDEX links_failures_by_address ON links_failures(address, at);
    """,
    # 2 -> 3: named device keys (server_stub/devices.py)
    """
    CREATE TABLE devices (
        public_key  bytea PRIMARY KEY,
        username    text NOT NULL,
        name        text NOT NULL,
        added       double precision NOT NULL
    );
    CREATE UNIQUE INDEX devices_by_name ON devices(username, name);
    """,
    # 3 -> 4: login failures per method and (subject, address bucket) (the embedded
    # schema's 5 -> 6; server_stub/throttle.py)
    """
    ALTER TABLE login_failures ADD COLUMN method text NOT NULL DEFAULT 'password';
    DROP INDEX failures_by_user;
    DROP INDEX failures_by_address;
    CREATE INDEX failures_by_address ON login_failures(method, address, username, at);
    """,
    # 4 -> 5: the session that opened a transfer (the embedded schema's 6 -> 7;
    # server_stub/objects/transfers.py)
    """
    ALTER TABLE obj_transfers ADD COLUMN session bytea NOT NULL DEFAULT '\\x';
    """,
    # 5 -> 6: device-linking mailboxes (the embedded schema's 7 -> 8;
    # server_stub/rendezvous.py)
    """
    CREATE TABLE rendezvous_boxes (
        number      bigint PRIMARY KEY,
        token       bytea NOT NULL,
        expires     double precision NOT NULL
    );
    CREATE TABLE rendezvous_messages (
        number      bigint NOT NULL,
        side        text NOT NULL,
        phase       text NOT NULL,
        body        bytea NOT NULL,
        expires     double precision NOT NULL,
        PRIMARY KEY (number, side, phase)
    );
    CREATE TABLE rendezvous_spends (
        kind        text NOT NULL,
        peer        text NOT NULL,
        at          double precision NOT NULL
    );
    CREATE INDEX rendezvous_spends_by_peer ON rendezvous_spends(kind, peer, at);
    """,
    # 6 -> 7: the PrivMX proxy's token buckets, shared by the fleet
    # (backends/postgres/proxy_rates.py; the embedded server keeps them in memory)
    """
    CREATE TABLE proxy_buckets (
        username    text PRIMARY KEY,
        tokens      double precision NOT NULL,
        last        double precision NOT NULL
    );
    """,
    # 7 -> 8: the open sessions of every account, listed and ended through any process
    # (server_stub/sessions.py, SESSIONS.md; the embedded server makes the same table)
    """
    CREATE TABLE sessions (
        session_id  bytea PRIMARY KEY,
        public_id   bytea NOT NULL,
        username    text NOT NULL,
        login_key   bytea,
        started     double precision NOT NULL,
        last_used   double precision NOT NULL,
        expires     double precision NOT NULL,
        address     text NOT NULL
    );
    CREATE INDEX sessions_by_user ON sessions(username, public_id);
    """,
    # 8 -> 9: an inbox's registered expiry and byte limit (the embedded schema's 8 -> 9;
    # server_stub/SINKS.md "Drop inboxes")
    """
    ALTER TABLE sink_sinks ADD COLUMN expires double precision;
    ALTER TABLE sink_sinks ADD COLUMN max_bytes bigint;
    """,
    # 9 -> 10: packed small blocks (the embedded schema's 9 -> 10). A fleet keeps every
    # block in the bucket (server_stub/objects/packed.py), so this table stays empty: it
    # exists so that both schemas have the same tables.
    """
    CREATE TABLE obj_packed_blocks (
        id          bytea PRIMARY KEY,
        data        bytea NOT NULL
    );
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


class SchemaError(Exception):
    """The database's schema is newer than this server."""


def migrate(connection: Any) -> int:
    """Bring the schema of a psycopg connection (autocommit) to `SCHEMA_VERSION`;
    returns the version found before."""
    connection.execute("BEGIN")
    try:
        connection.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATE_LOCK,))
        connection.execute("CREATE TABLE IF NOT EXISTS schema_version (version bigint NOT NULL)")
        row = connection.execute("SELECT version FROM schema_version").fetchone()
        found = 0 if row is None else int(row[0])
        if found > SCHEMA_VERSION:
            raise SchemaError(
                f"database schema {found} is newer than this server ({SCHEMA_VERSION})"
            )
        for number in range(found, SCHEMA_VERSION):
            for statement in MIGRATIONS[number].split(";"):
                if statement.strip():
                    connection.execute(statement)
        connection.execute("DELETE FROM schema_version")
        connection.execute("INSERT INTO schema_version VALUES (%s)", (SCHEMA_VERSION,))
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    return found
