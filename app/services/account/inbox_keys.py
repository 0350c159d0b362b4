"""Inbox keys: inbox `i` is the key m/1'/i' of the vault (SHARING.md §1).

Inbox 0 is the default public inbox. `with_default_inbox` is called at registration:
it creates the sink on the server (`sinkCreate`, proving possession of the sink key)
and returns the first keystore with the inbox key as a sink subkey, so that senders get
the key verified through `whois`.
"""

from __future__ import annotations

import contextlib
import logging

from app.client.errors import RemoteCallError
from app.client.sinks_api import SinkExistsError, SinksApi
from app.crypto.base58 import address
from app.crypto.ecc import PrivateKey, PublicKey
from app.pki.openpgp import Keystore, add_sink
from app.services.pki import RpcChannel
from app.vault import Vault
from app.wire.messages import sink_create_signed_bytes

__all__ = [
    "DEFAULT_INBOX",
    "create_inbox",
    "keystore_with_inbox",
    "sink_id_of",
    "sink_key",
    "with_default_inbox",
]

DEFAULT_INBOX = 0
METHOD_NOT_FOUND = -32601
_log = logging.getLogger(__name__)


def sink_key(vault: Vault, index: int = DEFAULT_INBOX) -> PrivateKey:
    """The private key of inbox `index`: m/1'/index'."""
    key = vault.branch(Vault.INBOXES).child(index, hardened=True).private_key
    if key is None:  # vault keys are always private; this guards the type only
        raise ValueError("a private key is needed")
    return key


def sink_id_of(vault: Vault, index: int = DEFAULT_INBOX) -> str:
    return address(sink_key(vault, index).public_key.to_bytes())


def create_inbox(
    channel: RpcChannel,
    vault: Vault,
    username: str,
    *,
    index: int = DEFAULT_INBOX,
    acl: str = "public",
) -> PublicKey:
    """`sinkCreate` for inbox `index` (one that exists already is fine); its public key."""
    private = sink_key(vault, index)
    public = private.public_key
    signature = private.sign(sink_create_signed_bytes(address(public.to_bytes()), username, acl))
    with contextlib.suppress(SinkExistsError):
        SinksApi(channel).create(public.to_bytes(), acl, signature, default=index == DEFAULT_INBOX)
    return public


def keystore_with_inbox(
    keystore: Keystore, identity: PrivateKey, inbox_key: PublicKey, *, now: int
) -> Keystore:
    """The keystore with the inbox key as a sink subkey (unchanged if present)."""
    if inbox_key in keystore.sink_keys:
        return keystore
    return add_sink(keystore, identity, inbox_key, created=now)


def with_default_inbox(
    channel: RpcChannel, vault: Vault, username: str, keystore: Keystore, now: int
) -> Keystore:
    """Create the default inbox and add its key to `keystore` (a server without inboxes:
    the keystore unchanged, logged)."""
    try:
        public = create_inbox(channel, vault, username)
    except RemoteCallError as error:
        if error.code != METHOD_NOT_FOUND:
            raise
        _log.warning("the server has no inboxes (sinkCreate): no default inbox made")
        return keystore
    identity = vault.identity_key.private_key
    if identity is None:
        raise ValueError("a private key is needed")
    return keystore_with_inbox(keystore, identity, public, now=now)
