"""PKI benchmark: client lookups+verifications per second and proof sizes at 10k and 100k
log entries (issue 4 §5). Run: `.venv/bin/python bench/pki.py [sizes...]`.

The log is an in-memory `MerkleTree` filled with synthetic entries plus one real
keystore (alice, 2 revisions) in the middle; each timed lookup builds the server's
response (inclusion proofs for both revisions, consistency from the client's
checkpoint at half the size) and runs the full `verify_lookup` on it: head signature,
consistency, 2 inclusion proofs, 2 keystore parses with all signatures, continuity.

Then, over the real server process (`python -m server_stub`, loopback), `whois` end to
end: discovery (cached), a new anonymous channel (ecdhe handshake), `pkiGetKeystore`,
verification and the checkpoint update; and the same lookup on one warm channel. Pass
`--no-server` to skip it.
"""

from __future__ import annotations

import hashlib
import sys
import time
from collections.abc import Callable

from app.crypto.ecc import PrivateKey
from app.pki import heads, merkle, openpgp
from app.pki.verify import Checkpoint, LookupResponse, RevisionProof, leaf_data, verify_lookup

T0 = 1_700_000_000
NAME = "alice#example.org"


def _key(label: str) -> PrivateKey:
    return PrivateKey.from_bytes(hashlib.sha256(label.encode()).digest())


SERVER, ALICE = _key("bench server"), _key("bench alice")


def _alice_revisions(name: str = NAME) -> list[bytes]:
    ks = openpgp.new_keystore(ALICE, name, created=T0)
    rev1 = openpgp.emit_keystore(openpgp.add_sink(ks, ALICE, _key("s1").public_key, created=T0))
    grown = openpgp.add_sink(
        openpgp.parse_keystore(rev1), ALICE, _key("s2").public_key, created=T0 + 1
    )
    rev2 = openpgp.emit_keystore(openpgp.succeed(rev1, ALICE, grown, ALICE, now=T0 + 1))
    return [rev1, rev2]


def _build(n: int, revs: list[bytes]) -> tuple[merkle.MerkleTree, list[int]]:
    tree, where = merkle.MerkleTree(), []
    slots = {n // 3: 0, (2 * n) // 3: 1}
    for i in range(n):
        if i in slots:
            rev = slots[i] + 1
            tree.append(merkle.leaf_hash(leaf_data(NAME, rev, revs[rev - 1])))
            where.append(i)
        else:
            filler = hashlib.sha256(b"%d" % i).digest()
            tree.append(merkle.leaf_hash(leaf_data(f"user{i}#example.org", 1, filler)))
    return tree, where


def _sign(tree: merkle.MerkleTree, size: int, ts: int) -> heads.TreeHead:
    return heads.sign_head(
        SERVER, size=size, root=tree.root(size), timestamp=ts, prev_head_hash=bytes(32)
    )


def bench(n: int, revs: list[bytes], seconds: float = 2.0) -> None:
    started = time.perf_counter()
    tree, where = _build(n, revs)
    built = time.perf_counter() - started
    old = _sign(tree, n // 2, 1)
    head = _sign(tree, n, 2)
    checkpoint = Checkpoint(old)

    def one_lookup() -> None:
        proofs = tuple(
            RevisionProof(r + 1, revs[r], i, tuple(tree.inclusion_proof(i, n)))
            for r, i in enumerate(where)
        )
        response = LookupResponse(NAME, head, tuple(tree.consistency_proof(n // 2, n)), proofs)
        verify_lookup(NAME, response, server_key=SERVER.public_key, checkpoint=checkpoint, now_ms=3)

    count, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        one_lookup()
        count += 1
    rate = count / (time.perf_counter() - t0)
    inclusion = len(tree.inclusion_proof(where[0], n))
    consistency = len(tree.consistency_proof(n // 2, n))
    worst = max(len(tree.consistency_proof(m, n)) for m in range(1, n, max(1, n // 997)))
    print(
        f"pki n={n:>7}: {rate:7.0f} lookups+verifications/s | inclusion proof {inclusion} "
        f"hashes ({inclusion * 32} B) | consistency {n // 2}->{n} {consistency} hashes "
        f"({consistency * 32} B), sampled worst {worst} | tree built in {built:.2f} s"
    )


def _timed(label: str, action: Callable[[], object], seconds: float) -> None:
    count, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        action()
        count += 1
    elapsed = time.perf_counter() - t0
    print(f"pki server: {count / elapsed:7.0f} {label} ({count} in {elapsed:.2f} s)", flush=True)


def bench_server(seconds: float = 3.0) -> None:
    """whois over loopback against the real server: per-lookup channel, and a warm one."""
    from channel import register, running_server  # bench/channel.py, next to this file

    from app.client.channel import Channel
    from app.client.discovery import discover
    from app.client.transport import HttpTransport
    from app.services import pki
    from app.services.connection import Connector, MemoryPins

    with running_server() as base, HttpTransport() as transport:
        host = base.removeprefix("http://")
        config = discover(host, transport)
        owner = Channel(transport, config.endpoint, config.server_key)
        register(owner, "alice", "bench password")
        owner.login_srp("alice", "bench password")
        name = f"alice#{host}"
        revs = _alice_revisions(name)
        for rev in revs:
            pki.publish_keystore(owner, rev)
        pins, points = MemoryPins(), pki.MemoryCheckpoints()
        connector = Connector(transport)

        def whois() -> object:
            return pki.whois(name, connector=connector, pins=pins, checkpoints=points)

        warm = Channel(transport, config.endpoint, config.server_key)

        def warm_lookup() -> object:
            return pki.check_own_identity(warm, name, ALICE.public_key, checkpoints=points)

        _timed("whois/s end to end (new channel + lookup + verify)", whois, seconds)
        _timed("lookups/s on one warm channel (lookup + verify)", warm_lookup, seconds)


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv if a != "--no-server"] or [10_000, 100_000]
    revs = _alice_revisions()
    for n in sizes:
        bench(n, revs)
    if "--no-server" not in argv:
        bench_server()


if __name__ == "__main__":
    main(sys.argv[1:])
