"""My files' Sharing column says with whom (one name, or how many, and the tooltip
lists them all), not only "Shared (read)"."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.gui.backend.interface import Entry
from app.gui.window.file_model import FileModel


def test_the_sharing_column_says_with_whom(qtbot) -> None:  # type: ignore[no-untyped-def]
    model = FileModel()
    model.set_entries(
        [
            Entry("a.txt", "/a.txt", False, shared="read", shared_with=("bob#h",)),
            Entry("Team", "/Team", True, shared="write", shared_with=("bob#h", "carol#h")),
        ]
    )
    assert model.index(0, 3).data() == "Shared with bob#h (read)"
    assert model.index(1, 3).data() == "Shared with 2 people (read & write)"
    assert model.index(1, 3).data(Qt.ItemDataRole.ToolTipRole) == "bob#h\ncarol#h"
