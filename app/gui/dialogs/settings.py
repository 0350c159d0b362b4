"""Settings: server, network proxy, the route to other servers, lock timeout, download
folder, remember on this device, the interface language (used from the next start)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.gui.backend.settings_store import LOCAL_SERVER, Settings
from app.gui.i18n import LANGUAGES

__all__ = ["SettingsDialog"]


class SettingsDialog(QDialog):
    def __init__(
        self,
        settings: Settings,
        keyring_problem: str | None,
        parent: QWidget | None = None,
        *,
        trash_days: int = 30,  # the profile's trash.json (services/trash/TRASH.md)
    ):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.original = settings
        server = self.tr("This computer") if settings.server == LOCAL_SERVER else settings.server
        self.server = QLabel(server, self)
        self.server.setAccessibleName(self.tr("Server"))
        self.proxy_mode = QComboBox(self)
        for mode, text in (
            ("system", self.tr("Use the system settings")),
            ("none", self.tr("No proxy")),
            ("http", self.tr("HTTP proxy")),
            ("socks5", self.tr("SOCKS5 proxy")),
        ):
            self.proxy_mode.addItem(text, mode)
        self.proxy_mode.setCurrentIndex(self.proxy_mode.findData(settings.proxy_mode))
        self.proxy_host = QLineEdit(settings.proxy_host, self)
        self.proxy_port = QSpinBox(self)
        self.proxy_port.setRange(0, 65535)
        self.proxy_port.setValue(settings.proxy_port)
        self.proxy_user = QLineEdit(settings.proxy_user, self)
        self.proxy_password = QLineEdit(self)
        self.proxy_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.proxy_password.setPlaceholderText(self.tr("kept only while Privshare runs"))
        self.route = QComboBox(self)
        for route, text in (
            ("auto", self.tr("Directly, or through my server when that fails")),
            ("direct", self.tr("Directly only")),
            ("via-home", self.tr("Always through my server")),
        ):
            self.route.addItem(text, route)
        self.route.setCurrentIndex(max(0, self.route.findData(settings.route)))
        self.lock_minutes = QSpinBox(self)
        self.lock_minutes.setRange(1, 24 * 60)
        self.lock_minutes.setSuffix(self.tr(" min"))
        self.lock_minutes.setValue(settings.lock_minutes)
        self.trash_days = QSpinBox(self)
        self.trash_days.setRange(1, 3650)
        self.trash_days.setSuffix(self.tr(" days"))
        self.trash_days.setValue(trash_days)
        self.download_folder = QLineEdit(settings.download_folder, self)
        browse = QPushButton(self.tr("Choose…"), self)
        browse.setAccessibleName(self.tr("Choose the download folder"))
        browse.clicked.connect(self._browse)
        self.remember = QCheckBox(self.tr("Remember me on this computer"), self)
        self.remember.setChecked(settings.remember and keyring_problem is None)
        if keyring_problem:
            self.remember.setEnabled(False)
            self.remember.setToolTip(keyring_problem)
        self.notifications = QCheckBox(self.tr("Show desktop notifications"), self)
        self.notifications.setChecked(settings.notifications)
        self.notifications.setAccessibleName(self.notifications.text())
        self.language = QComboBox(self)
        for code, name in LANGUAGES:
            self.language.addItem(name or self.tr("System"), code)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        self.language_note = QLabel(self.tr("Applies the next time Privshare starts."), self)
        self._name_fields()
        self.proxy_mode.currentIndexChanged.connect(self._proxy_fields_enabled)
        self._proxy_fields_enabled()
        self._lay_out(browse)

    def _name_fields(self) -> None:
        for widget, name in (
            (self.proxy_mode, self.tr("Proxy")),
            (self.proxy_host, self.tr("Proxy host")),
            (self.proxy_port, self.tr("Proxy port")),
            (self.proxy_user, self.tr("Proxy user name")),
            (self.proxy_password, self.tr("Proxy password")),
            (self.route, self.tr("Reach other people's servers")),
            (self.lock_minutes, self.tr("Lock after idle minutes")),
            (self.trash_days, self.tr("Keep deleted items in the trash for")),
            (self.download_folder, self.tr("Download folder")),
            (self.remember, self.tr("Remember me on this computer")),
            (self.language, self.tr("Language")),
        ):
            widget.setAccessibleName(name)

    def _lay_out(self, browse: QPushButton) -> None:
        form = QFormLayout()
        form.addRow(self.tr("Server"), self.server)
        form.addRow(self.tr("Proxy"), self.proxy_mode)
        form.addRow(self.tr("Proxy host"), self.proxy_host)
        form.addRow(self.tr("Proxy port"), self.proxy_port)
        form.addRow(self.tr("Proxy user"), self.proxy_user)
        form.addRow(self.tr("Proxy password"), self.proxy_password)
        form.addRow(self.tr("Other servers"), self.route)
        form.addRow(self.tr("Lock after"), self.lock_minutes)
        form.addRow(self.tr("Keep deleted items"), self.trash_days)
        folder = QHBoxLayout()
        folder.addWidget(self.download_folder, 1)
        folder.addWidget(browse)
        form.addRow(self.tr("Downloads"), folder)
        form.addRow("", self.remember)
        form.addRow("", self.notifications)
        form.addRow(self.tr("Language"), self.language)
        form.addRow("", self.language_note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _proxy_fields_enabled(self) -> None:
        manual = self.proxy_mode.currentData() in ("http", "socks5")
        for widget in (self.proxy_host, self.proxy_port, self.proxy_user, self.proxy_password):
            widget.setEnabled(manual)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Download folder"))
        if folder:
            self.download_folder.setText(folder)

    def settings(self) -> Settings:
        return replace(
            self.original,
            proxy_mode=str(self.proxy_mode.currentData()),
            proxy_host=self.proxy_host.text().strip(),
            proxy_port=self.proxy_port.value(),
            proxy_user=self.proxy_user.text().strip(),
            route=str(self.route.currentData()),
            lock_minutes=self.lock_minutes.value(),
            download_folder=self.download_folder.text().strip(),
            remember=self.remember.isChecked(),
            notifications=self.notifications.isChecked(),
            language=str(self.language.currentData()),
        ).checked()

    def proxy_secret(self) -> str:
        """The proxy password typed now (kept in memory only)."""
        return self.proxy_password.text()
