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


def test_the_bug_the_helper_works_around_is_still_there() -> None:
    """Raw emit() in a child interpreter: each call drops one reference to True. When a
    PySide6 upgrade fixes this, this test fails: remove app/gui/signals.py's extra ref."""
    import subprocess

    script = (
        "import sys\n"
        "from PySide6.QtCore import QCoreApplication, QObject, Signal\n"
        "app = QCoreApplication([])\n"
        "class S(QObject):\n"
        "    s = Signal(object)\n"
        "source = S()\n"
        "before = sys.getrefcount(True)\n"
        "for n in range(50):\n"
        "    source.s.emit(n)\n"
        "print(before - sys.getrefcount(True))\n"
        "import os; os._exit(0)\n"  # the damaged refcount must not reach shutdown
    )
    lost = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert lost.stdout.strip() == "50", lost.stdout + lost.stderr
