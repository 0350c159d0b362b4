"""GUI tests: real widgets offscreen (tests/conftest.py sets QT_QPA_PLATFORM), real worker
threads, and a recording fake backend (fake_backend.py) unless a test says otherwise;
`server` is a real server process of the test's own."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_backend import FakeBackend
from integration.server_harness import ServerProcess, start_server
from PySide6.QtWidgets import QApplication

from app.gui.workers import Workers

GUI_DIR = Path(__file__).parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if GUI_DIR in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.gui)


_POOLS: list[Workers] = []  # the `workers` of the test running


def _drain(pool: Workers, msecs: int) -> bool:
    """Every job done and its result delivered (a result may start another job: a
    listing, then its folder sizes); False if a job is still running after `msecs`."""
    for _round in range(10):
        if not pool.wait(msecs):
            return False
        QApplication.processEvents()
        if not pool.active:
            break
    return True


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """Results reach the widgets before pytest-qt closes them (its teardown hook runs
    before any fixture's teardown); a late one would hit a deleted widget in the next
    test."""
    yield
    for pool in _POOLS:
        _drain(pool, 5_000)  # a job a test holds until its teardown is not waited for


@pytest.fixture
def workers(qtbot) -> Iterator[Workers]:  # type: ignore[no-untyped-def]
    pool = Workers()
    _POOLS.append(pool)
    yield pool
    _POOLS.remove(pool)
    assert _drain(pool, 20_000), "a background job did not finish"


@pytest.fixture
def backend() -> Iterator[FakeBackend]:
    fake = FakeBackend()
    yield fake
    fake.release.set()  # let any held upload finish


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    """A real server process with open registration, in this test's folder; it must stop
    cleanly (a test may stop it earlier)."""
    running = start_server(tmp_path / "server", "--open-registration")
    yield running
    assert running.stop() == 0, running.log()[-3000:]


@pytest.fixture
def made_temporary(monkeypatch) -> list[str]:  # type: ignore[no-untyped-def]
    """The prefixes of every temporary folder made from here on."""
    made: list[str] = []
    real = tempfile.mkdtemp

    def recorded(suffix=None, prefix=None, dir=None):  # type: ignore[no-untyped-def]
        made.append(prefix or "")
        return real(suffix, prefix, dir)

    monkeypatch.setattr(tempfile, "mkdtemp", recorded)
    return made
