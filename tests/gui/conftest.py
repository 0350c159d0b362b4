"""GUI tests: real widgets offscreen (tests/conftest.py sets QT_QPA_PLATFORM), real worker
threads, and a recording fake backend (fake_backend.py) unless a test says otherwise."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_backend import FakeBackend
from PySide6.QtWidgets import QApplication

from app.gui.workers import Workers

GUI_DIR = Path(__file__).parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if GUI_DIR in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.gui)


@pytest.fixture
def workers(qtbot) -> Iterator[Workers]:  # type: ignore[no-untyped-def]
    pool = Workers()
    yield pool
    for _round in range(10):  # a result may start another job (a listing, its sizes)
        assert pool.wait(20_000), "a background job did not finish"
        QApplication.processEvents()  # results reach the widgets while these still exist
        if not pool.active:
            break


@pytest.fixture
def backend() -> Iterator[FakeBackend]:
    fake = FakeBackend()
    yield fake
    fake.release.set()  # let any held upload finish
