"""The integration tests' world: accounts on a real server process, and the malicious
server seam. Conftests and test modules import it by name (a plain module, no tests).

    account = create_account("alice", server, transport, profile)   # or the fixture
    account.address, account.profile, account.session, account.connector
    second = sign_in(account.address, other_profile, account.connector)  # another device
    caller = Rewriter(account.session.channel)                       # the malicious server
    caller.rules.append(lambda method, params, result: ...)          # rewrite an answer
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from server_harness import ServerProcess

from app.client.errors import RemoteCallError
from app.client.transport import Transport
from app.services import account
from app.services.account import AccountSession
from app.services.connection import Connector
from app.vault import KDF_FLOOR, Profile

PASSWORD = "correct horse battery staple"
Rule = Callable[[str, dict[str, Any], Any], Any]


@dataclass
class Account:
    """One account's first device: its profile folder and open session."""

    address: str
    profile: Path
    session: AccountSession
    connector: Connector


def create_account(
    name: str, server: ServerProcess, transport: Transport, profile: Path
) -> Account:
    """A new account `name<random>#host` on `server` (vault at the KDF floor: fast)."""
    connector = Connector(transport=transport, allow_http=True)
    address = f"{name}{secrets.token_hex(4)}#{server.host}"
    created = account.create(
        address, PASSWORD, Profile(profile), connector, now=time.time(), vault_kdf=KDF_FLOOR
    )
    return Account(address, profile, created.session, connector)


def sign_in(address: str, profile: Path, connector: Connector) -> AccountSession:
    """Another device of `address`: a new profile signed in with the password."""
    return account.login(
        address, PASSWORD, Profile(profile), connector, now=time.time(), vault_kdf=KDF_FLOOR
    )


class Rewriter:
    """An RPC caller forwarding to a channel: the malicious server. `rules` may rewrite
    answers after the channel decrypted them (only the server could change them), and
    `before` hooks may change a request's params in place before it is sent. `calls`
    lists the methods called, in order."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.rules: list[Rule] = []
        self.before: list[Callable[[str, dict[str, Any]], None]] = []
        self.calls: list[str] = []

    @property
    def server_key(self) -> bytes | None:
        return self.inner.server_key  # type: ignore[no-any-return]

    def call(self, method: str, **params: Any) -> Any:
        for hook in self.before:
            hook(method, params)
        self.calls.append(method)
        result = self.inner.call(method, **params)
        for rule in self.rules:
            result = rule(method, params, result)
        return result

    def call_many(self, calls: Sequence[tuple[str, Mapping[str, Any]]]) -> list[Any]:
        """`Channel.call_many` with the hooks and rules of `call` for each call: a hook or
        rule refusing one call (RemoteCallError) is that call's answer, anything else it
        raises loses the whole exchange."""
        outcomes: list[Any] = [None] * len(calls)
        sent: list[tuple[int, str, dict[str, Any]]] = []
        for n, (method, given) in enumerate(calls):
            params = dict(given)
            try:
                for hook in self.before:
                    hook(method, params)
            except RemoteCallError as refusal:
                outcomes[n] = refusal
                continue
            self.calls.append(method)
            sent.append((n, method, params))
        answers = self.inner.call_many([(m, p) for _, m, p in sent]) if sent else []
        for (n, method, params), result in zip(sent, answers, strict=True):
            try:
                for rule in self.rules:
                    if not isinstance(result, RemoteCallError):
                        result = rule(method, params, result)
            except RemoteCallError as refusal:
                result = refusal
            outcomes[n] = result
        return outcomes
