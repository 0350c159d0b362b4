"""The PKI end to end against real server processes: publish, whois, restart, revisions,
refusals, a substituted key, and a deliberately forked server caught by checkpoints and
by two clients comparing heads (issue 4 §4, checklist items 9-11)."""

from __future__ import annotations

import dataclasses
import secrets
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pki_helpers import (
    LOGIN_REQUIRED,
    PASSWORD,
    Client,
    RedirectingTransport,
    RewritingConnector,
    anonymous,
    channel_to,
    first_keystore,
    free_port,
    fresh_name,
    key,
    login,
    next_keystore,
    register_user,
    registration,
    substitute_keystore,
)
from server_harness import ServerProcess

from app.client.discovery import discover
from app.client.errors import RemoteCallError
from app.client.transport import HttpTransport
from app.crypto.ecc import PrivateKey, PublicKey
from app.pki import heads, merkle, openpgp, wire
from app.pki.errors import KTConsistencyError, UntrustedKeyError
from app.pki.verify import Checkpoint, leaf_data, verify_lookup
from app.services import pki
from app.services.connection import Connector
from app.services.errors import NotFoundError

pytestmark = pytest.mark.integration

# --- fixtures --------------------------------------------------------------------------------


@pytest.fixture
def published(server: ServerProcess, transport: HttpTransport) -> tuple[str, PrivateKey, bytes]:
    """A fresh user on the shared server with a published first keystore."""
    name = fresh_name("pub")
    identity = key(name)
    address = f"{name}#{server.host}"
    channel = register_user(server, transport, name)
    ks = first_keystore(identity, address)
    assert pki.publish_keystore(channel, ks).revision == 1
    return address, identity, ks


# --- tests -----------------------------------------------------------------------------------


def test_publish_whois_restart_and_second_revision(
    spawn_server: Callable[..., ServerProcess], tmp_path: Path, transport: HttpTransport
) -> None:
    port = free_port()
    data = tmp_path / "data"
    first = spawn_server(data, "--port", str(port), "--open-registration")
    address = f"alice#{first.host}"
    alice = key("alice")
    rev1 = first_keystore(alice, address)
    published = pki.publish_keystore(register_user(first, transport, "alice"), rev1)
    assert published.revision == 1 and published.head.size == 2  # server: + alice

    client = Client(Connector(transport))
    found = client.whois(address)
    assert (found.revision, found.keystore_bytes) == (1, rev1)
    assert found.identity_key == alice.public_key
    assert found.fingerprint == openpgp.parse_keystore(rev1).fingerprint
    assert list(found.check_words) == openpgp.check_words(found.fingerprint)
    assert found.sink_keys == (key(address + "sink1").public_key,)
    assert found.head == published.head
    assert client.checkpoint(first.host).head == published.head

    assert first.stop() == 0
    again = spawn_server(data, "--port", str(port), "--open-registration")
    assert again.host == first.host
    with HttpTransport() as fresh:  # a new process: no pooled connection, no discovery cache
        client.connector = Connector(fresh)
        seen = client.whois(address)  # the checkpoint from before the restart must hold
        assert seen.revision == 1 and seen.head.size == 2
        rev2 = next_keystore(rev1, alice, "alice sink2")
        assert pki.publish_keystore(login(again, fresh, "alice"), rev2).revision == 2
        latest = client.whois(address)
        proof = anonymous(again, fresh).call("pkiGetConsistency", old_size=2, new_size=3)
    assert (latest.revision, latest.keystore_bytes) == (2, rev2)
    assert len(latest.sink_keys) == 2
    assert client.checkpoint(again.host).known[address].revision == 2
    server_key = PublicKey.from_bytes(again_key(again))
    heads.verify_chain([published.head, latest.head], [proof["proof"]], server_key)


def again_key(server: ServerProcess) -> bytes:
    with HttpTransport() as t:
        return discover(server.host, t).server_key


def test_head_consistency_history_and_server_entry(
    server: ServerProcess, transport: HttpTransport, published: tuple[str, PrivateKey, bytes]
) -> None:
    address, _, ks = published
    channel = anonymous(server, transport)
    server_key = PublicKey.from_bytes(again_key(server))
    head = heads.decode_head(channel.call("pkiGetHead")["head"])
    heads.verify_head(head, server_key)
    proof = channel.call("pkiGetConsistency", old_size=1, new_size=head.size)["proof"]
    first = verify_lookup(
        "server:",
        wire.decode_lookup(channel.call("pkiGetKeystore", name="server:", revision=1)),
        server_key=server_key,
        checkpoint=Checkpoint(),
        now_ms=head.timestamp,
    )
    assert first.revision == 1 and first.keystore.identity_key == server_key  # DESIGN §7
    root1 = merkle.root_hash([merkle.leaf_hash(leaf_data("server:", 1, first.keystore_bytes))])
    merkle.verify_consistency(1, head.size, root1, head.root, proof)
    history = wire.decode_lookup(channel.call("pkiGetHistory", name=address))
    assert [r.revision for r in history.revisions] == [1]
    assert history.revisions[0].keystore == ks
    with pytest.raises(RemoteCallError) as refused:
        channel.call("pkiGetConsistency", old_size=head.size + 5, new_size=head.size + 6)
    assert "old_size" in refused.value.message


def test_publish_refusals(
    server: ServerProcess, transport: HttpTransport, published: tuple[str, PrivateKey, bytes]
) -> None:
    address, identity, ks = published
    name = address.split("#")[0]
    anon = anonymous(server, transport)
    with pytest.raises(RemoteCallError) as no_login:
        anon.call("pkiPublish", keystore=ks)
    assert no_login.value.code == LOGIN_REQUIRED
    channel = login(server, transport, name)
    cases = {
        f"user ID must be {address!r}, not 'someone-else#": first_keystore(
            identity, f"someone-else#{server.host}"
        ),
        f"not '{name}#elsewhere.example'": first_keystore(identity, f"{name}#elsewhere.example"),
        "not signed by the previous revision's key": first_keystore(key("other key"), address),
        "names a different previous revision": next_keystore(
            first_keystore(key("other key"), address), key("other key"), "x"
        ),
        "not a valid keystore": b"\x99" + secrets.token_bytes(40),
    }
    for reason, keystore in cases.items():
        with pytest.raises(pki.PublishRefusedError) as refused:
            pki.publish_keystore(channel, keystore)
        assert reason in str(refused.value), (reason, str(refused.value))
    with pytest.raises(pki.PublishRefusedError, match="65536"):
        pki.publish_keystore(channel, bytes(64 * 1024 + 1))
    assert Client(Connector(transport)).whois(address).revision == 1  # nothing was added


def test_unknown_user_and_own_identity(
    server: ServerProcess, transport: HttpTransport, published: tuple[str, PrivateKey, bytes]
) -> None:
    address, identity, _ = published
    client = Client(Connector(transport))
    with pytest.raises(NotFoundError):
        client.whois(f"nobody-{secrets.token_hex(3)}#{server.host}")
    channel = anonymous(server, transport)
    mine = pki.check_own_identity(
        channel, address, identity.public_key, checkpoints=client.checkpoints
    )
    assert mine.identity_key == identity.public_key
    with pytest.raises(pki.IdentityMismatchError, match="recovery phrase"):
        pki.check_own_identity(
            channel, address, key("not mine").public_key, checkpoints=client.checkpoints
        )


def test_substituted_key_is_untrusted(
    server: ServerProcess, transport: HttpTransport, published: tuple[str, PrivateKey, bytes]
) -> None:
    """Checklist 9: the server swaps in a well-formed keystore for the same name."""
    address, _, _ = published
    mallory = first_keystore(key("mallory"), address)
    liar = Client(RewritingConnector(transport, rewrite=substitute_keystore(mallory)))
    with pytest.raises(pki.UntrustedIdentityError, match="UntrustedKeyError") as caught:
        liar.whois(address)
    assert isinstance(caught.value.__cause__, UntrustedKeyError)
    assert liar.checkpoints.points == {}  # nothing from a failed proof is kept

    def forged_head(answer: dict[str, Any]) -> None:
        head = heads.decode_head(answer["head"])
        answer["head"] = heads.encode_head(dataclasses.replace(head, size=head.size + 1))

    with pytest.raises(pki.UntrustedIdentityError):
        Client(RewritingConnector(transport, rewrite=forged_head)).whois(address)


def test_forked_server_is_detected(
    spawn_server: Callable[..., ServerProcess], tmp_path: Path, transport: HttpTransport
) -> None:
    """Checklist 10: one data directory copied, two servers with the same key and host."""
    p1, p2 = free_port(), free_port()
    d1, d2 = tmp_path / "one" / "data", tmp_path / "two" / "data"
    d1.parent.mkdir()
    s1 = spawn_server(d1, "--port", str(p1), "--open-registration")
    address = f"alice#{s1.host}"
    pki.publish_keystore(register_user(s1, transport, "alice"), first_keystore(key("a"), address))
    assert s1.stop() == 0
    shutil.copytree(d1, d2)
    s1 = spawn_server(d1, "--port", str(p1), "--open-registration")
    s2 = spawn_server(
        d2, "--port", str(p2), "--open-registration", "--public-url", f"http://{s1.host}"
    )
    s2_endpoint = s2.endpoint
    # the two branches diverge: bob on one, carol and dave on the other
    pki.publish_keystore(
        register_user(s1, transport, "bob"), first_keystore(key("b"), f"bob#{s1.host}")
    )
    server_key = again_key(s1)
    for user in ("carol", "dave"):
        channel = channel_to(s2_endpoint, server_key, transport)
        channel.call("register", **registration(user, PASSWORD))
        channel.login_srp(user, PASSWORD)
        pki.publish_keystore(channel, first_keystore(key(user), f"{user}#{s1.host}"))

    a = Client(Connector(transport))
    b = Client(Connector(RedirectingTransport(transport, s1.host, f"127.0.0.1:{p2}")))
    seen_by_a, seen_by_b = a.whois(address), b.whois(address)  # each view alone verifies
    assert seen_by_a.keystore_bytes == seen_by_b.keystore_bytes
    assert (seen_by_a.head.size, seen_by_b.head.size) == (3, 4)

    a.connector = b.connector  # A now reaches the other branch under the same host name
    forked = r"^tampering detected \(the keys of .*\): KTConsistencyError: the log forked"
    with pytest.raises(pki.InconsistentLogError, match=forked) as c:
        a.whois(address)
    assert isinstance(c.value.__cause__, KTConsistencyError)
    assert a.checkpoint(s1.host).head == seen_by_a.head  # the bad view was not adopted

    # two clients comparing heads, with the proof from the server of the newer head
    key_ = PublicKey.from_bytes(server_key)
    proof = channel_to(s2_endpoint, server_key, transport).call(
        "pkiGetConsistency", old_size=3, new_size=4
    )["proof"]
    with pytest.raises(KTConsistencyError):
        heads.compare_views(seen_by_a.head, seen_by_b.head, proof, key_)
    honest = Client(Connector(transport)).whois(address)  # control: same branch
    heads.compare_views(seen_by_a.head, honest.head, [], key_)
