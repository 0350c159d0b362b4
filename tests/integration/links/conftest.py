"""Fixtures of the link tests: a server process of their own (its log, database and block
files are scanned for link keys afterwards) and an owner account on it with its services
(helpers in links_world.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from links_world import Owner
from server_harness import ServerProcess, start_server
from world import create_account

from app.client.links_api import LinksApi
from app.client.transport import HttpTransport
from app.services.files.service import FileService
from app.services.links.service import LinkService


@pytest.fixture(scope="module")
def link_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    data_dir = tmp_path_factory.mktemp("links-server") / "data"
    running = start_server(data_dir, "--open-registration")
    yield running
    status = running.stop()
    assert status == 0, f"server exited with {status}\n{running.log()[-4000:]}"


@pytest.fixture
def owner(link_server: ServerProcess, transport: HttpTransport, tmp_path: Path) -> Iterator[Owner]:
    made = create_account("o", link_server, transport, tmp_path / "owner")
    files = FileService(made.session.channel, made.session.vault)
    links = LinkService(files, LinksApi(made.session.channel), made.session.vault, link_server.url)
    yield Owner(made.address, made.profile, made.session, files, links, link_server.url)
    made.session.close()
