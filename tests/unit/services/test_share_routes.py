"""Routes in memory: `--route` on the command line, `whois(via=)` and the /Shared mounts
handing the session's connector each share's server (the real two-server runs are in
tests/integration/federation/test_federation_cli.py)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from app.cli import session
from app.cli.main import build_parser
from app.client.discovery import ServerConfig
from app.crypto.bip32 import ExtendedKey
from app.fs import ItemKey, ShareReference
from app.services import pki
from app.services.connection import Connector, MemoryPins, ServerLink
from app.services.sharing.mounts import Mount, SharedMounts

OWN, OTHER = "own.example", "other.example"
ITEM = ItemKey(ExtendedKey.from_seed(bytes(range(32))))


class StopHereError(Exception):
    """Ends a call once the connector has recorded what it was asked."""


@dataclasses.dataclass
class RecordingConnector(Connector):
    """Records every connect (host, via) and hands out a marker channel per host."""

    asked: list[tuple[str, ServerLink | None]] = dataclasses.field(default_factory=list)
    stop: bool = False

    def connect(self, host: str, pins: Any, via: ServerLink | None = None) -> ServerLink:
        self.asked.append((host, via))
        if self.stop:
            raise StopHereError
        config = ServerConfig(host, f"https://{host}/privmx/api/v1", b"", 600, 1, "")
        return ServerLink(config, f"channel to {host}")  # type: ignore[arg-type]


@dataclasses.dataclass
class AddressOnlyVault:
    address: str


def home_link() -> ServerLink:
    config = ServerConfig(OWN, f"https://{OWN}/privmx/api/v1", b"", 600, 1, "")
    return ServerLink(config, "home channel")  # type: ignore[arg-type]


def mount_on(server: str) -> Mount:
    return Mount(
        "Plans", f"olga#{server}", ShareReference(server, ITEM.public(), "Plans", "folder")
    )


def test_a_share_on_another_server_is_reached_by_the_sessions_connector() -> None:
    connector = RecordingConnector(route="via-home", home=home_link())
    vault = AddressOnlyVault(f"rita#{OWN}")
    mounts = SharedMounts("own channel", vault, connector=connector)  # type: ignore[arg-type]
    assert mounts.caller_for(mount_on(OTHER)) == f"channel to {OTHER}"
    assert mounts.caller_for(mount_on(OTHER)) == f"channel to {OTHER}"  # kept, not reopened
    assert connector.asked == [(OTHER, None)]  # `via` comes from the connector's home
    assert mounts.caller_for(mount_on(OWN)) == "own channel"  # own server: the session
    assert connector.asked == [(OTHER, None)]


def test_an_explicit_connect_still_wins_over_the_connector() -> None:
    connector = RecordingConnector()
    vault = AddressOnlyVault(f"rita#{OWN}")
    mounts = SharedMounts(
        "own channel",
        vault,
        lambda server: f"custom {server}",
        connector=connector,  # type: ignore[arg-type]
    )
    assert mounts.caller_for(mount_on(OTHER)) == f"custom {OTHER}"
    assert connector.asked == []


@pytest.mark.parametrize("via", [None, home_link()])
def test_whois_hands_via_to_the_connector(via: ServerLink | None) -> None:
    connector = RecordingConnector(stop=True)
    with pytest.raises(StopHereError):
        pki.whois(
            f"olga#{OTHER}",
            connector=connector,
            pins=MemoryPins(),
            checkpoints=pki.MemoryCheckpoints(),
            via=via,
        )
    assert connector.asked == [(OTHER, via)]


def test_whois_without_via_keeps_the_two_argument_connect() -> None:
    """Connectors written before `via` existed (connect(host, pins)) keep working."""

    @dataclasses.dataclass
    class OldConnector(Connector):
        hosts: list[str] = dataclasses.field(default_factory=list)

        def connect(self, host: str, pins: Any) -> ServerLink:  # type: ignore[override]
            self.hosts.append(host)
            raise StopHereError

    old = OldConnector()
    with pytest.raises(StopHereError):
        pki.whois(
            f"olga#{OTHER}", connector=old, pins=MemoryPins(), checkpoints=pki.MemoryCheckpoints()
        )
    assert old.hosts == [OTHER]


def test_the_route_option_parses_and_defaults_to_auto() -> None:
    parser = build_parser()
    assert session.route_from(parser.parse_args(["ls"])) == "auto"
    for route in ("direct", "via-home", "auto"):
        assert session.route_from(parser.parse_args(["--route", route, "ls"])) == route
    with pytest.raises(SystemExit) as refused:
        parser.parse_args(["--route", "sideways", "ls"])
    assert refused.value.code == 2
    assert "--route {direct,via-home,auto}" in " ".join(parser.format_help().split())


def test_the_commands_connector_takes_the_route(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(session, "make_transport", lambda network: f"{network.route} network")
    parser = build_parser()
    via_home = parser.parse_args(["--profile", str(tmp_path), "--route", "via-home", "ls"])
    connector = session.profile_session(via_home).connector_to(OWN)
    assert (connector.route, connector.transport, connector.allow_http) == (
        "via-home",
        "via-home network",
        False,
    )
    plain = parser.parse_args(["--profile", str(tmp_path), "ls"])
    loopback = session.profile_session(plain).connector_to("127.0.0.1:8080")
    assert (loopback.route, loopback.allow_http) == ("auto", True)
