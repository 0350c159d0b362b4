"""Canary test (checklist item 38): names and contents carry random canary strings;
after the uploads none of them appears in any byte the server stored or logged, nor in
any request body the client sent."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from files_world import Device
from server_harness import ServerProcess

from app.client.transport import HttpTransport

pytestmark = pytest.mark.integration


class RecordingTransport:
    def __init__(self, inner: HttpTransport) -> None:
        self.inner = inner
        self.bodies: list[bytes] = []

    def post(self, url: str, body: bytes) -> bytes:
        self.bodies.append(body)
        return self.inner.post(url, body)

    def get_json(self, url: str) -> dict[str, Any]:
        return self.inner.get_json(url)


@pytest.fixture
def transport() -> Iterator[RecordingTransport]:  # overrides conftest's: records bodies
    with HttpTransport() as inner:
        yield RecordingTransport(inner)


def forms(canary: str) -> list[bytes]:
    """The ways a string could end up in bytes."""
    return [canary.encode(), canary.encode("utf-16-le"), canary.encode().hex().encode()]


def test_no_canary_reaches_the_server(
    spawn_server: Callable[..., ServerProcess],
    new_device: Callable[..., Device],
    transport: RecordingTransport,
    tmp_path: Path,
) -> None:
    server = spawn_server(tmp_path / "canary-data", "--open-registration")
    canaries = [f"CANARY{secrets.token_hex(8)}" for _ in range(4)]
    folder_name, file_name, content_mark, mime_name = canaries
    device = new_device(on=server)
    local = tmp_path / "up" / folder_name
    local.mkdir(parents=True)
    (local / f"{file_name}.txt").write_text(f"{content_mark}\n" * 5000)
    (local / f"{mime_name}.pdf").write_bytes(content_mark.encode() * 10)
    device.files.put([local], "/")
    device.files.mkdir(f"/{folder_name}/sub-{file_name}")
    device.files.move(f"/{folder_name}/{file_name}.txt", f"/{folder_name}/{mime_name}-renamed")
    assert {e.name for e in device.files.ls(f"/{folder_name}")} == {
        f"{mime_name}.pdf",
        f"{mime_name}-renamed",
        f"sub-{file_name}",
    }

    stored = [p for p in server.data_dir.rglob("*") if p.is_file()]
    assert any(p.parent.parent.parent.name == "blocks" for p in stored)
    assert any(p.name.startswith("privshare.sqlite") for p in stored)
    haystacks = {str(p): p.read_bytes() for p in stored}
    haystacks["server log"] = server.log_path.read_bytes()
    haystacks.update({f"request {i}": body for i, body in enumerate(transport.bodies)})
    assert len(transport.bodies) > 20
    for canary in canaries:
        for form in forms(canary):
            leaks = [where for where, data in haystacks.items() if form in data]
            assert leaks == [], f"{canary} leaked into {leaks}"
