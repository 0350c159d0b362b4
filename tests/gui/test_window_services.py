"""Versions with restore, the inbox watcher's notification, and the settings that reach
the backend (proxy with its session password, route), with the recording backend."""

from __future__ import annotations

from pathlib import Path

import pytest
from fake_backend import FakeBackend

from app.gui.backend.interface import AccountInfo, InboxItem
from app.gui.backend.settings_store import Settings
from app.gui.dialogs.versions import VersionsDialog
from app.gui.window.main_window import MainWindow
from app.gui.window.tray import NO_TRAY
from app.gui.workers import Workers


@pytest.fixture
def window(qtbot, backend: FakeBackend, workers: Workers, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    backend.add("/notes.txt", size=1200)
    shown = MainWindow(
        backend,
        workers,
        AccountInfo("alice#127.0.0.1:4711", "127.0.0.1:4711"),
        Settings(download_folder=str(tmp_path)),
    )
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitUntil(lambda: shown.files.model.rowCount() == 1, timeout=5000)
    return shown


def test_versions_list_newest_first_and_restore_adds_a_version(
    qtbot, window: MainWindow, backend: FakeBackend
) -> None:  # type: ignore[no-untyped-def]
    selection = window.files.view.selectionModel()
    flags = selection.SelectionFlag.ClearAndSelect | selection.SelectionFlag.Rows
    selection.select(window.files.proxy.index(0, 0), flags)
    window.file_actions.actions["versions"].trigger()
    qtbot.waitUntil(lambda: bool(window.findChildren(VersionsDialog)), timeout=5000)
    dialog = window.findChildren(VersionsDialog)[0]
    texts = [dialog.list.item(row).text() for row in range(dialog.list.count())]
    assert texts[0].startswith("Version 2") and texts[0].endswith("(current)")
    assert texts[1].startswith("Version 1") and "(current)" not in texts[1]
    dialog.list.setCurrentRow(0)
    assert not dialog.restore_button.isEnabled()  # the current one is not restorable
    dialog.list.setCurrentRow(1)
    with qtbot.waitSignal(dialog.restored, timeout=5000) as restored:
        dialog.restore_button.click()
    assert restored.args == [3]
    assert backend.called("restore") == [("restore", "/notes.txt", 1)]
    qtbot.waitUntil(lambda: dialog.list.count() == 3, timeout=5000)
    assert dialog.list.item(0).text().startswith("Version 3")


def test_a_share_arriving_refreshes_the_inbox_and_is_announced(
    qtbot, window: MainWindow, backend: FakeBackend
) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: len(backend.called("wait_inbox")) >= 2, timeout=5000)
    assert backend.called("wait_inbox")[0] == ("wait_inbox", 0, None)  # learns the cursor
    assert not window.notices.notifier.shown
    backend.inbox_items.append(InboxItem("7", "bob#example.org", True, "Q3", "read", 1.7e9))
    backend.inbox_arrived.set()
    qtbot.waitUntil(lambda: window.inbox.list.count() == 1, timeout=5000)
    qtbot.waitUntil(lambda: bool(window.notices.notifier.shown), timeout=5000)
    title, text = window.notices.notifier.shown[0]
    assert title == "New share from bob#example.org" and "“Q3”" in text
    assert window.sidebar.item(3).text() == "Inbox (1)"
    assert not window.notices.notifier.available  # offscreen has no tray: the status bar
    assert "New share from bob#example.org" in window.menus.notice.text()
    assert "no system tray" in NO_TRAY


def test_locking_stops_the_inbox_watch_and_unlocking_restarts_it(
    qtbot, window: MainWindow, backend: FakeBackend
) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: window.notices.watcher.running, timeout=5000)
    window.lock()
    assert window.notices.watcher.join(5.0)
    window.unlocked()
    qtbot.waitUntil(lambda: window.notices.watcher.running, timeout=5000)


def test_settings_reach_the_backend_with_the_proxy_password(
    qtbot, window: MainWindow, backend: FakeBackend
) -> None:  # type: ignore[no-untyped-def]
    dialog = window.menus.open_settings()
    dialog.proxy_mode.setCurrentIndex(dialog.proxy_mode.findData("socks5"))
    assert dialog.proxy_host.isEnabled() and dialog.proxy_password.isEnabled()
    dialog.proxy_host.setText("127.0.0.1")
    dialog.proxy_port.setValue(9050)
    dialog.proxy_user.setText("me")
    dialog.proxy_password.setText("s3cret")
    dialog.route.setCurrentIndex(dialog.route.findData("via-home"))
    dialog.lock_minutes.setValue(3)
    dialog.accept()
    qtbot.waitUntil(lambda: bool(backend.called("apply_settings")), timeout=5000)
    _name, settings, secret = backend.called("apply_settings")[0]
    assert isinstance(settings, Settings)
    assert settings.route == "via-home" and settings.lock_minutes == 3
    assert secret == "s3cret"
    assert settings.proxy_url(secret) == "socks5h://me:s3cret@127.0.0.1:9050"
    assert window.idle.timer.interval() == 3 * 60_000
