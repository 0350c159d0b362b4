"""Fixtures that run the real server process (`python -m server_stub`) on port 0.

`server` is session-scoped: one process in a temporary data directory for the whole
integration run, started with --open-registration and --bench. `spawn_server` starts
extra processes (restart tests). `transport` is one pooled HTTP transport per test, and
`new_account(name, on=server)` makes an account on a server (world.py). A failing test
gets the servers' stderr appended to its report.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from server_harness import RUNNING, ServerProcess, start_server
from world import Account, create_account

from app.client.transport import HttpTransport


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    data_dir = tmp_path_factory.mktemp("server") / "data"
    running = start_server(data_dir, "--open-registration", "--bench")
    yield running
    status = running.stop()
    assert status == 0, f"server exited with {status}\n{running.log()[-4000:]}"


@pytest.fixture
def spawn_server() -> Iterator[Callable[..., ServerProcess]]:
    """Gives `start_server` to a test; every process it starts is stopped after."""
    started_before = len(RUNNING)
    yield start_server
    for process in RUNNING[started_before:]:
        if process.process.poll() is None:
            process.stop()
        process.close_pipe()


@pytest.fixture
def transport() -> Iterator[HttpTransport]:
    with HttpTransport() as t:
        yield t


@pytest.fixture
def new_account(
    server: ServerProcess, transport: HttpTransport, tmp_path: Path
) -> Iterator[Callable[..., Account]]:
    """`new_account(name, on=server)`: a new account (profile under tmp_path, vault at
    the KDF floor) reached through this test's transport; its session closes after."""
    made: list[Account] = []

    def make(name: str = "u", on: ServerProcess | None = None) -> Account:
        profile = tmp_path / f"profile-{name}-{len(made)}"
        made.append(create_account(name, on or server, transport, profile))
        return made[-1]

    yield make
    for account in made:
        account.session.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    if report.failed and RUNNING:
        for number, running in enumerate(RUNNING):
            report.sections.append((f"server {number} stderr (tail)", running.log()[-6000:]))
