"""Start the desktop application: wizard on first run, else unlock, then the main window."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QWidget

from app.gui.backend.interface import AccountInfo
from app.gui.backend.services import ServicesBackend
from app.gui.backend.settings_store import Settings, load_settings
from app.gui.dialogs.settings import SettingsDialog
from app.gui.i18n import install_translators, pick_language
from app.gui.links import show_link
from app.gui.theme import apply_style, icon
from app.gui.window.lock import LockScreen
from app.gui.window.main_window import MainWindow
from app.gui.wizard.flow import Flow
from app.gui.wizard.wizard import Wizard
from app.gui.workers import Workers
from app.services.files.partials import remove_leftovers

__all__ = ["Application", "run"]


class Application:
    """Holds the backend, the workers and whichever top-level window is showing."""

    def __init__(self, folder: Path) -> None:
        self.settings = load_settings(folder)
        self.backend = ServicesBackend(folder, self.settings)
        self.workers = Workers()
        self.window: QWidget | None = None
        self.main: MainWindow | None = None

    def start(self) -> None:
        if self.backend.has_vault():
            screen = LockScreen(self.backend, self.workers)
            screen.setWindowTitle("Privshare")
            screen.account.setText(
                self.settings.address
                or QCoreApplication.translate("Application", "The account of %1").replace(
                    "%1", str(self.backend.folder)
                )
            )
            screen.unlocked.connect(self._unlocked)
            screen.forgot_button.show()
            screen.recover_requested.connect(self.recover)
            screen.settings_requested.connect(self.open_settings)
            screen.resize(520, 420)
            self.window = screen
        else:
            wizard = Wizard(self.backend, self.workers)
            wizard.completed.connect(self.open_main)
            self.window = wizard
        self.window.show()

    def _unlocked(self) -> None:
        # the key log is asked off the window's thread
        self.workers.run(self.backend.account_info, done=self.open_main, failed=self._failed)

    def recover(self) -> Wizard:
        """The wizard's Recover path instead of the lock screen (the forgotten password's
        vault is kept aside, not deleted)."""
        wizard = Wizard(self.backend, self.workers)
        wizard.completed.connect(self.open_main)
        wizard.page("start").buttons[Flow.RECOVER].setChecked(True)
        wizard.show()
        if self.window is not None:
            self.window.close()
        self.window = wizard
        return wizard

    def open_settings(self) -> SettingsDialog:
        """The connection settings, reachable before unlocking (a bad one never locks out)."""
        dialog = SettingsDialog(self.backend.settings, None, self.window)
        dialog.accepted.connect(lambda: self._apply(dialog.settings(), dialog.proxy_secret()))
        dialog.open()
        return dialog

    def _apply(self, settings: Settings, proxy_password: str) -> None:
        self.workers.run(
            self.backend.apply_settings, settings, proxy_password or None, failed=self._failed
        )

    def _failed(self, error: BaseException) -> None:
        if isinstance(self.window, LockScreen):
            self.window.error.show_error(error)

    def open_main(self, account: AccountInfo) -> None:
        self.main = MainWindow(self.backend, self.workers, account, self.backend.settings)
        self.main.show()
        if self.window is not None:
            self.window.close()

    def shutdown(self) -> None:
        self.workers.wait(30_000)
        self.backend.stop()


def run(folder: Path, argv: Sequence[str] | None = None, link: str | None = None) -> int:
    remove_leftovers()  # plaintext parts of downloads a killed process left behind
    qt_app = QApplication.instance() or QApplication(list(argv or sys.argv))
    assert isinstance(qt_app, QApplication)
    qt_app.setApplicationName("Privshare")
    qt_app.setDesktopFileName("privshare")  # resources/privshare.desktop: icon, links
    qt_app.setWindowIcon(icon("privshare"))
    install_translators(qt_app, pick_language(load_settings(folder).language))
    apply_style(qt_app)
    application = Application(folder)
    application.start()
    if link is not None:  # a privshare:// link the program was opened with
        show_link(application.window, link)
    try:
        return int(qt_app.exec())
    finally:
        application.shutdown()
