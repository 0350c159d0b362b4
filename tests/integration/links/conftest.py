"""Fixtures of the link tests: a server process of their own (its log, database and block
files are scanned for link keys afterwards) and an owner account on it with its services
(helpers in links_world.py)."""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from links_world import PASSWORD, Owner
from server_harness import ServerProcess, start_server

from app.client.links_api import LinksApi
from app.client.transport import HttpTransport
from app.services import account
from app.services.connection import Connector
from app.services.files.service import FileService
from app.services.links.service import LinkService
from app.vault import KDF_FLOOR, Profile


@pytest.fixture(scope="module")
def link_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    data_dir = tmp_path_factory.mktemp("links-server") / "data"
    running = start_server(data_dir, "--open-registration")
    yield running
    status = running.stop()
    assert status == 0, f"server exited with {status}\n{running.log()[-4000:]}"


@pytest.fixture
def owner(link_server: ServerProcess, tmp_path: Path) -> Iterator[Owner]:
    with HttpTransport() as transport:
        connector = Connector(transport=transport, allow_http=True)
        address = f"o{secrets.token_hex(4)}#{link_server.host}"
        created = account.create(
            address, PASSWORD, Profile(tmp_path / "owner"), connector, now=time.time(),
            vault_kdf=KDF_FLOOR,
        )  # fmt: skip
        session = created.session
        files = FileService(session.channel, session.vault)
        links = LinkService(files, LinksApi(session.channel), session.vault, link_server.url)
        yield Owner(address, tmp_path / "owner", session, files, links, link_server.url)
        session.close()
