"""Key lookups (`whois`) and keystore publication through a server's PKI log.

The only way the application obtains another person's keys (issue 4):

    whois(address, *, connector, pins, checkpoints, now=None, cache=None, witnesses=(),
          via=None) -> VerifiedIdentity
        discovers the host, asks it over an anonymous channel for every revision of
        `name#host` since the one this client knows, checks everything with
        `app.pki.verify.verify_lookup` against the pinned server key and this client's
        checkpoint of that server, then stores the advanced checkpoint. The host is
        reached as the connector's `route` says, through the PrivMX proxy of `via` (a
        logged-in link to one's own server; default: the connector's `home`) when the
        route calls for it: the proof is checked the same either way.
    check_own_identity(channel, address, identity_public_key, *, checkpoints, now=None)
        -> VerifiedIdentity
        the same lookup for one's own address over an existing channel, refusing
        (`IdentityMismatchError`) a server that shows a keystore whose identity key is
        not the one derived from the recovery phrase (checklist A.2).
    publish_keystore(channel, keystore_bytes, *, now=None) -> Published
        `pkiPublish` on a logged-in channel; the answer's head must carry the server's
        signature.
    sign_as_account(vault, connector, document, *, now) -> bytes
        a detached OpenPGP signature by the account's identity key, made only after the
        server's log shows that key for the account (so `gpg --verify` names the
        fingerprint others get from `whois`).
    VerifiedIdentity.openpgp(armored=...) -> bytes
        the proven keystore as OpenPGP for `gpg --import`.

Errors (all `app.services.errors`): a keystore or proof that does not verify ->
`UntrustedIdentityError`; a log that contradicts the stored checkpoint (fork, rollback,
dropped revision) -> `InconsistentLogError` (both `TamperingDetectedError`, the
`app.pki` error as `__cause__` and its name in the message); no such user ->
`NotFoundError`; the server refused a publication -> `PublishRefusedError`; no answer
-> `ServerUnreachableError`.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from app.client.address import parse_address
from app.client.errors import RemoteCallError
from app.client.transport import TransportError
from app.crypto.ecc import PublicKey
from app.crypto.errors import CryptoError
from app.pki import armor, heads, openpgp, wire
from app.pki.errors import (
    KeystoreError,
    KTConsistencyError,
    ProofError,
    UnknownUserError,
    UntrustedKeyError,
)
from app.pki.openpgp import Keystore, check_words
from app.pki.verify import Checkpoint, verify_lookup
from app.services.boundary import service_boundary
from app.services.connection import Connector, Pins, ServerLink
from app.services.errors import (
    InvalidInputError,
    NotFoundError,
    ServerUnreachableError,
    ServiceError,
    TamperingDetectedError,
)
from app.vault import Vault

__all__ = [
    "CACHE_TTL",
    "Checkpoints",
    "IdentityCache",
    "IdentityMismatchError",
    "InconsistentLogError",
    "MemoryCheckpoints",
    "PublishRefusedError",
    "Published",
    "RpcChannel",
    "UnknownPersonError",
    "UntrustedIdentityError",
    "VerifiedIdentity",
    "check_own_identity",
    "publish_keystore",
    "sign_as_account",
    "whois",
]

CACHE_TTL = 300.0  # seconds a verified lookup is reused without asking the server again


class UntrustedIdentityError(TamperingDetectedError):
    """The server's answer does not prove the keystore (UntrustedKeyError below)."""


class InconsistentLogError(TamperingDetectedError):
    """The server's log contradicts what this client saw before (KTConsistencyError)."""


class IdentityMismatchError(TamperingDetectedError):
    """The server shows, for one's own address, an identity key one does not hold."""


class PublishRefusedError(ServiceError):
    """The server refused to publish the keystore (the message says why)."""


class Checkpoints(Protocol):
    """Where the last verified head of each server is kept (a `Vault` is one)."""

    def pki_checkpoint(self, host: str) -> bytes | None: ...

    def set_pki_checkpoint(self, host: str, checkpoint: bytes) -> None: ...


@dataclass
class MemoryCheckpoints:
    """Checkpoints held in memory (no vault, e.g. `privshare whois` without an account)."""

    points: dict[str, bytes] = field(default_factory=dict)

    def pki_checkpoint(self, host: str) -> bytes | None:
        return self.points.get(host)

    def set_pki_checkpoint(self, host: str, checkpoint: bytes) -> None:
        self.points[host] = bytes(checkpoint)


class RpcChannel(Protocol):
    """What these use cases need of `app.client.channel.Channel`."""

    @property
    def server_key(self) -> bytes | None: ...

    def call(self, method: str, **params: Any) -> Any: ...


@dataclass(frozen=True)
class VerifiedIdentity:
    """A keystore proven to be in the server's log under `address`, with its head."""

    address: str
    host: str
    revision: int
    keystore: Keystore
    keystore_bytes: bytes
    head: heads.TreeHead

    @property
    def fingerprint(self) -> bytes:
        return self.keystore.fingerprint

    @property
    def fingerprint_text(self) -> str:
        """The v4 fingerprint as 10 groups of 4 upper-case hex digits."""
        hexed = self.fingerprint.hex().upper()
        return " ".join(hexed[i : i + 4] for i in range(0, len(hexed), 4))

    @property
    def check_words(self) -> tuple[str, ...]:
        return tuple(check_words(self.fingerprint))

    @property
    def identity_key(self) -> PublicKey:
        return self.keystore.identity_key

    @property
    def sink_keys(self) -> tuple[PublicKey, ...]:
        return self.keystore.sink_keys

    def openpgp(self, *, armored: bool) -> bytes:
        """The keystore for `gpg --import`: binary, or ASCII-armored."""
        if not armored:
            return self.keystore_bytes
        return armor.armor(self.keystore_bytes, armor.ARMOR_PUBLIC_KEY).encode("ascii")


@dataclass(frozen=True)
class Published:
    """The server's answer to `pkiPublish`: the revision number and the new head."""

    revision: int
    head: heads.TreeHead


@dataclass
class IdentityCache:
    """Verified lookups per address, reused for `ttl` seconds with the head they were
    proven against."""

    ttl: float = CACHE_TTL
    entries: dict[str, tuple[float, VerifiedIdentity]] = field(default_factory=dict)

    def get(self, address: str, now: float) -> VerifiedIdentity | None:
        entry = self.entries.get(address)
        if entry is None or not entry[0] <= now < entry[0] + self.ttl:
            self.entries.pop(address, None)
            return None
        return entry[1]

    def put(self, identity: VerifiedIdentity, now: float) -> None:
        self.entries[identity.address] = (now, identity)


@service_boundary()
def whois(
    address: str,
    *,
    connector: Connector,
    pins: Pins,
    checkpoints: Checkpoints,
    now: float | None = None,
    cache: IdentityCache | None = None,
    witnesses: Sequence[PublicKey] = (),
    via: ServerLink | None = None,
) -> VerifiedIdentity:
    """The verified current keystore of `address` (`name#host[:port]`), asked directly
    or through `via`'s proxy as `connector.route` says."""
    parsed = parse_address(address)
    moment = connector.clock() if now is None else now
    canonical = str(parsed)
    if cache is not None and (hit := cache.get(canonical, moment)) is not None:
        return hit
    host = str(parsed.server)
    link = connector.connect(host, pins) if via is None else connector.connect(host, pins, via=via)
    identity = _verified_lookup(
        link.channel, canonical, link.config.host, checkpoints, moment, witnesses
    )
    if cache is not None:
        cache.put(identity, moment)
    return identity


@service_boundary()
def check_own_identity(
    channel: RpcChannel,
    address: str,
    identity_public_key: PublicKey,
    *,
    checkpoints: Checkpoints,
    now: float | None = None,
    witnesses: Sequence[PublicKey] = (),
) -> VerifiedIdentity:
    """Look oneself up on `channel` (logged in or not) and require the identity key.

    Raises `IdentityMismatchError` if the verified keystore's identity key is not
    `identity_public_key`, `NotFoundError` if nothing is published under `address`
    (the caller may then publish its first keystore), and the errors of `whois`.
    """
    parsed = parse_address(address)
    moment = time.time() if now is None else now
    host = str(parsed.server)
    identity = _verified_lookup(channel, str(parsed), host, checkpoints, moment, witnesses)
    if identity.identity_key != identity_public_key:
        raise IdentityMismatchError(
            f"the server shows an identity key for {identity.address} that this account's "
            f"recovery phrase does not give (fingerprint {identity.fingerprint_text}); "
            "do not use this server until its operator explains"
        )
    return identity


@service_boundary()
def publish_keystore(channel: RpcChannel, keystore_bytes: bytes) -> Published:
    """Publish the next revision of one's keystore (the channel must be logged in)."""
    server_key = _server_key(channel)
    with _translated("the published keystore"):
        try:
            raw = channel.call("pkiPublish", keystore=bytes(keystore_bytes))
        except RemoteCallError as exc:
            raise PublishRefusedError(f"the server refused the keystore: {exc}") from exc
        if not isinstance(raw, dict) or set(raw) != {"revision", "head"}:
            raise UntrustedKeyError("the server's answer to pkiPublish is malformed")
        revision, head_bytes = raw["revision"], raw["head"]
        if not isinstance(revision, int) or not isinstance(head_bytes, bytes) or revision < 1:
            raise UntrustedKeyError("the server's answer to pkiPublish is malformed")
        head = heads.decode_head(head_bytes)
        heads.verify_head(head, server_key)
    return Published(revision, head)


@service_boundary()
def sign_as_account(vault: Vault, connector: Connector, document: bytes, *, now: float) -> bytes:
    """A detached OpenPGP signature of `document` by the account's identity key, once the
    account's server has shown (with a proof) that key for the account."""
    if not vault.address:
        raise ServiceError("this profile has no account yet: run `privshare account create`")
    identity = vault.identity_key.private_key
    if identity is None:  # vault keys are always private; this guards the type only
        raise ValueError("the vault's identity key is not private")
    address = parse_address(vault.address)
    link = connector.connect(str(address.server), vault)
    verified = check_own_identity(
        link.channel, vault.address, identity.public_key, checkpoints=vault, now=now
    )
    return openpgp.sign_detached(identity, verified.keystore, document, created=int(now))


def _verified_lookup(
    channel: RpcChannel,
    name: str,
    host: str,
    checkpoints: Checkpoints,
    now: float,
    witnesses: Sequence[PublicKey],
) -> VerifiedIdentity:
    server_key = _server_key(channel)
    with _translated(f"the keys of {name}", person=name):
        stored = checkpoints.pki_checkpoint(host)
        checkpoint = wire.decode_checkpoint(stored) if stored else Checkpoint()
        old_size = 0 if checkpoint.head is None else checkpoint.head.size
        since = checkpoint.first_revision_needed(name)
        raw = channel.call("pkiGetKeystore", name=name, since=since, old_size=old_size)
        verified = verify_lookup(
            name,
            wire.decode_lookup(raw),
            server_key=server_key,
            checkpoint=checkpoint,
            now_ms=int(now * 1000),
            witnesses=witnesses,
        )
        checkpoints.set_pki_checkpoint(host, wire.encode_checkpoint(verified.advance(checkpoint)))
    return VerifiedIdentity(
        name, host, verified.revision, verified.keystore, verified.keystore_bytes, verified.head
    )


def _server_key(channel: RpcChannel) -> PublicKey:
    key = channel.server_key
    if key is None:
        raise UntrustedIdentityError("no pinned server key to check the log's heads with")
    try:
        return PublicKey.from_bytes(key)
    except CryptoError as exc:
        raise UntrustedIdentityError("the pinned server key is not a valid key") from exc


def _tampering(where: str, error: Exception) -> str:
    """The same line as the file checks (files/errors.py `translated`)."""
    return f"tampering detected ({where}): {type(error).__name__}: {error}"


class UnknownPersonError(NotFoundError, InvalidInputError):
    """Nobody has an account by that name on that server: the address given is wrong
    (the command line exits 2, as for any argument it cannot use)."""


@contextlib.contextmanager
def _translated(where: str, person: str = "") -> Iterator[None]:
    """The app.pki and transport errors as the service errors of this module; a refused
    proof reads like every other integrity failure: "tampering detected (where): ..."."""
    try:
        yield
    except KTConsistencyError as exc:
        raise InconsistentLogError(_tampering(where, exc)) from exc
    except (UntrustedKeyError, ProofError, KeystoreError) as exc:
        raise UntrustedIdentityError(_tampering(where, exc)) from exc
    except UnknownUserError as exc:
        if person:
            raise UnknownPersonError(
                f"nobody is called {person}: check the address with them (name#server)"
            ) from exc
        raise NotFoundError(str(exc)) from exc
    except RemoteCallError as exc:
        raise ServiceError(f"the server refused the lookup: {exc}") from exc
    except TransportError as exc:
        raise ServerUnreachableError(str(exc)) from exc
