"""Fixtures that run the real server process (`python -m server_stub`) on port 0.

`server` is session-scoped: one process in a temporary data directory for the whole
integration run, started with --open-registration and --bench. `spawn_server` starts
extra processes (restart tests). A failing test gets the servers' stderr appended to
its report.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from server_harness import RUNNING, ServerProcess, start_server


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


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    if report.failed and RUNNING:
        for number, running in enumerate(RUNNING):
            report.sections.append((f"server {number} stderr (tail)", running.log()[-6000:]))
