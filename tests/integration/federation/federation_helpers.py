"""Helpers of the federation tests: a person's account and connectors, and the proxy of
a dishonest home server (the real Federation, flipping one byte)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from world import Account

from app.client.transport import HttpTransport, UnreachableError
from app.services.connection import Connector
from app.services.sharing.mounts import SharedMounts
from app.services.sharing.router import FileRouter
from server_stub.federation.client import Federation

FEDERATED = ("--open-registration", "--allow-private-destinations")


class Blocked:
    """The real network, except that `host` cannot be reached directly."""

    def __init__(self, inner: HttpTransport, host: str) -> None:
        self.inner, self.host, self.refused = inner, host, 0

    def _check(self, url: str) -> None:
        if f"//{self.host}/" in url:
            self.refused += 1
            raise UnreachableError(f"{url}: blocked by the test network")

    def post(self, url: str, body: bytes) -> bytes:
        self._check(url)
        return self.inner.post(url, body)

    def get_json(self, url: str) -> dict[str, Any]:
        self._check(url)
        return self.inner.get_json(url)


@dataclass
class Person(Account):
    """One person's account on one server, and the connectors their client may use."""

    transport: HttpTransport

    @property
    def host(self) -> str:
        return str(self.session.address.server)

    def direct(self) -> Connector:
        return Connector(transport=self.transport, allow_http=True, route="direct")

    def via_home(self, route: str = "via-home") -> Connector:
        """Through this person's home server's proxy (`home` is their logged-in link)."""
        return Connector(
            transport=self.transport, allow_http=True, route=route, home=self.session.link
        )


class FlippingFederation(Federation):
    """The proxy of a dishonest home server: `mode` "request" flips a byte of `data`
    before forwarding it, "response" a byte of the answer, None forwards honestly."""

    mode: str | None = None
    position = -1

    def _flip(self, data: bytes) -> bytes:
        index = self.position % len(data)
        return data[:index] + bytes([data[index] ^ 0x01]) + data[index + 1 :]

    async def forward(self, destination: str, data: bytes, now: float) -> bytes:
        if self.mode == "request":
            data = self._flip(data)
        answer = await super().forward(destination, data, now)
        return self._flip(answer) if self.mode == "response" else answer


@dataclass
class InProcessServer:
    host: str
    federation: FlippingFederation


def connector_for(person: Person, route: str, other: Person) -> tuple[Connector, Blocked | None]:
    """ "direct": the plain network; "proxy": `other`'s server is unreachable directly and
    the connector falls back to the person's home server ("auto")."""
    if route == "direct":
        return person.direct(), None
    network = Blocked(person.transport, other.host)
    connector = Connector(
        transport=network, allow_http=True, route="auto", home=person.session.link
    )
    return connector, network


def files_of(person: Person, connector: Connector) -> FileRouter:
    """The person's files, with shared folders of other servers reached by `connector`."""
    vault = person.session.vault

    def connect(server: str) -> Any:
        return connector.connect(server, vault).channel

    mounts = SharedMounts(person.session.channel, vault, connect=connect)
    return FileRouter(person.session.channel, vault, mounts)
