"""Share dialog: who gets the item, read or read-write, whose key that really is.

The recipient's key is looked up (PKI, with proofs) before the Share button works; a
bare name means someone on the person's own server. On first contact the check words are
shown and Share waits until the person ticks that they compared them with the recipient
(in person, by phone). A KEY CHANGED recipient is refused with a blocking warning: Share
stays disabled for that address. Lookup failures are said in plain words.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.gui.backend.interface import Backend, Grant, PkiStatus, RecipientCheck
from app.gui.error_line import ErrorLine
from app.gui.shield import pki_trust, trust_icon, trust_words
from app.gui.theme import icon
from app.gui.workers import Workers
from app.services.errors import NotFoundError, ServerUnreachableError

__all__ = ["ShareDialog"]


class ShareDialog(QDialog):
    def __init__(
        self,
        backend: Backend,
        workers: Workers,
        path: str,
        parent: QWidget | None = None,
        *,
        own_host: str = "",
    ):
        super().__init__(parent)
        self.backend, self.workers, self.path = backend, workers, path
        self.own_host = own_host
        self.check: RecipientCheck | None = None
        self.setWindowTitle(self.tr("Share %1").replace("%1", path))
        self.setMinimumWidth(520)
        self._build()
        self.refresh_grants()
        self.workers.run(self.backend.contacts, done=self._offer_contacts, failed=lambda _e: None)

    def _build(self) -> None:
        self.recipient = QLineEdit(self)
        self.recipient.setPlaceholderText(self.tr("name (on your server) or name#server"))
        self.recipient.setAccessibleName(self.tr("Recipient address"))
        self.recipient.textEdited.connect(self._recipient_edited)
        self.recipient.editingFinished.connect(self.look_up)
        self.look_up_button = QPushButton(self.tr("Check"), self)
        self.look_up_button.setAccessibleName(self.tr("Check the recipient's key"))
        self.look_up_button.clicked.connect(self.look_up)
        self.access = QComboBox(self)
        self.access.addItem(self.tr("Can view"), "read")
        self.access.addItem(self.tr("Can view and change"), "write")
        self.access.setAccessibleName(self.tr("Access"))
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Key status"))
        self.shield = QLabel(self)  # app/gui/shield.py: the same meaning as everywhere
        self.words = QLabel(self)
        self.words.setObjectName("CheckWords")
        self.words.setWordWrap(True)
        self.words.setAccessibleName(self.tr("Recipient check words"))
        self.warning = QLabel(self)
        self.warning.setObjectName("WarningBanner")
        self.warning.setWordWrap(True)
        self.warning.setAccessibleName(self.tr("Warning"))
        self.warning.hide()
        self.compared = QCheckBox(self)
        self.compared.setAccessibleName(self.tr("I compared the check words"))
        self.compared.toggled.connect(lambda _on: self._update_share())
        self.compared.hide()
        self.share_button = QPushButton(icon("share"), self.tr("Share"), self)
        self.share_button.setObjectName("PrimaryButton")
        self.share_button.setAccessibleName(self.tr("Share"))
        self.share_button.setEnabled(False)
        self.share_button.clicked.connect(self.share)
        self.people = QListWidget(self)
        self.people.setAccessibleName(self.tr("People with access"))
        self.remove_button = QPushButton(self.tr("Remove access"), self)
        self.remove_button.setAccessibleName(self.tr("Remove access of the selected person"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.remove_button.setEnabled(False)
        self.people.currentItemChanged.connect(
            lambda item, _old: self.remove_button.setEnabled(item is not None)
        )
        self.error = ErrorLine(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        self._lay_out()

    def _offer_contacts(self, people: list[str]) -> None:
        """People I shared with or who sent me something, offered as I type a name."""
        completer = QCompleter(people, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.recipient.setCompleter(completer)

    def _lay_out(self) -> None:
        row = QHBoxLayout()
        row.addWidget(self.recipient, 1)
        row.addWidget(self.look_up_button)
        form = QFormLayout()
        form.addRow(self.tr("Share with"), row)
        form.addRow(self.tr("Access"), self.access)
        key_row = QHBoxLayout()
        key_row.addWidget(self.shield)
        key_row.addWidget(self.status, 1)
        form.addRow(self.tr("Key"), key_row)
        form.addRow(self.tr("Check words"), self.words)
        people_buttons = QHBoxLayout()
        people_buttons.addStretch(1)
        people_buttons.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.warning)
        layout.addWidget(self.compared)
        share_row = QHBoxLayout()
        share_row.addStretch(1)
        share_row.addWidget(self.share_button)
        layout.addLayout(share_row)
        layout.addWidget(QLabel(self.tr("People with access"), self))
        layout.addWidget(self.people, 1)
        layout.addLayout(people_buttons)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    # ---- the recipient's key ---------------------------------------------------------

    def _recipient_edited(self) -> None:
        self.check = None
        self.share_button.setEnabled(False)
        self.warning.hide()
        self.compared.setChecked(False)
        self.compared.hide()
        self.status.clear()
        self.shield.clear()
        self.words.clear()

    def look_up(self) -> None:
        address = self.recipient.text().strip()
        if address and "#" not in address and self.own_host:
            address = f"{address}#{self.own_host}"  # a bare name: someone on my server
            self.recipient.setText(address)
        if "#" not in address or (self.check is not None and self.check.address == address):
            return
        self.error.clear()
        self.status.setText(self.tr("Looking up…"))
        self.workers.run(
            self.backend.check_recipient, address, done=self.show_check, failed=self._failed
        )

    def show_check(self, check: RecipientCheck) -> None:
        if check.address != self.recipient.text().strip():
            return  # the address changed while looking up
        self.check = check
        self.words.setText(" ".join(check.check_words))
        texts = {
            PkiStatus.VERIFIED: (self.tr("Verified"), "VerifiedBadge"),
            PkiStatus.FIRST_CONTACT: (
                self.tr("First contact: compare the check words with %1").replace(
                    "%1", check.address
                ),
                "FirstContactBadge",
            ),
            PkiStatus.KEY_CHANGED: (self.tr("KEY CHANGED"), "ErrorText"),
        }
        text, name = texts[check.status]
        self.status.setText(text)
        trust = pki_trust(check.status)
        self.shield.setPixmap(trust_icon(trust).pixmap(QSize(16, 16)))
        self.shield.setToolTip(trust_words(trust))
        self.status.setAccessibleDescription(trust_words(trust))
        self.status.setObjectName(name)
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
        blocked = check.status is PkiStatus.KEY_CHANGED
        first = check.status is PkiStatus.FIRST_CONTACT
        self.compared.setText(
            self.tr("I compared these words with %1 (in person or by phone)").replace(
                "%1", check.address
            )
        )
        self.compared.setChecked(False)
        self.compared.setVisible(first)
        self.warning.setVisible(blocked)
        if blocked:
            self.warning.setText(
                self.tr(
                    "The key of %1 is not the one seen before. Someone may be impersonating "
                    "this person or their server. Nothing will be shared until you have "
                    "checked with them by another way (phone, in person)."
                ).replace("%1", check.address)
            )
        self._update_share()

    def _update_share(self) -> None:
        check = self.check
        ready = check is not None and check.status is not PkiStatus.KEY_CHANGED
        if check is not None and check.status is PkiStatus.FIRST_CONTACT:
            ready = self.compared.isChecked()
        self.share_button.setEnabled(ready)

    # ---- sharing ---------------------------------------------------------------------

    def share(self) -> None:
        check = self.check
        if check is None or check.status is PkiStatus.KEY_CHANGED:
            self.share_button.setEnabled(False)
            return
        access = str(self.access.currentData())
        self.share_button.setEnabled(False)
        self.workers.run(
            self.backend.share,
            self.path,
            check.address,
            access,
            done=lambda _: self._shared(),
            failed=self._failed,
        )

    def _shared(self) -> None:
        self.recipient.clear()
        self._recipient_edited()
        self.refresh_grants()

    def refresh_grants(self) -> None:
        self.workers.run(self.backend.grants, self.path, done=self.show_grants, failed=self._failed)

    def show_grants(self, grants: list[Grant]) -> None:
        self.people.clear()
        for grant in grants:
            access = self.tr("can change") if grant.access == "write" else self.tr("can view")
            item = QListWidgetItem(f"{grant.address} — {access}", self.people)
            item.setData(256, grant.address)

    def remove_selected(self) -> None:
        item = self.people.currentItem()
        if item is None:
            return
        address = str(item.data(256))
        self.workers.run(
            self.backend.unshare,
            self.path,
            address,
            done=lambda _: self.refresh_grants(),
            failed=self._failed,
        )

    def _failed(self, error: BaseException) -> None:
        self.status.clear()
        address = self.recipient.text().strip()
        if isinstance(error, NotFoundError) and self.check is None:
            self.error.show_error(
                self.tr("Nobody called %1 was found on that server: check the address.").replace(
                    "%1", address
                )
            )
        elif isinstance(error, ServerUnreachableError) and self.check is None:
            server = address.partition("#")[2]
            self.error.show_error(
                self.tr(
                    "The server %1 cannot be reached: check the address, or try later."
                ).replace("%1", server)
            )
        else:
            self.error.show_error(error)
        self._update_share()
