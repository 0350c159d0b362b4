"""PySide6's emit() refcount bug on bools, and the helper that makes emits safe."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

from app.gui.signals import emit


class _Source(QObject):
    happened = Signal(object)


def test_many_emits_leave_the_bool_refcounts_alone(qtbot) -> None:  # type: ignore[no-untyped-def]
    source = _Source()
    seen: list[int] = []
    source.happened.connect(seen.append)
    before = sys.getrefcount(True), sys.getrefcount(False)
    for number in range(3000):  # raw emit() aborts the interpreter long before this
        emit(source.happened, number)
    assert (sys.getrefcount(True), sys.getrefcount(False)) == before
    assert seen == list(range(3000))
