"""`emit(signal, *args)`: emit from Python without PySide6 6.12's refcount bug.

`SignalInstance.emit()` in PySide6 6.12.0 returns True/False without taking a
reference, so every Python-side emit lowers the bool's refcount by one; after a few
hundred emits the interpreter aborts ("bool_dealloc: deallocating True or False"),
measured here (tests/gui/test_signals.py). This helper gives that reference back. If a
later PySide6 fixes the bug, the extra reference only keeps True/False alive, which
they are anyway.
"""

from __future__ import annotations

import ctypes
from typing import Any

from PySide6.QtCore import SignalInstance

__all__ = ["emit"]


def emit(signal: SignalInstance, *args: Any) -> None:
    raw_emit: Any = signal.emit  # the stubs say None; 6.12 returns a bool
    result = raw_emit(*args)
    if type(result) is bool:
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(result))
