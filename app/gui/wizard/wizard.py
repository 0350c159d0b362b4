"""The first-run wizard: renders wizard_flow's steps and runs each step's backend call
in a worker (the window never blocks). `completed(AccountInfo)` when done.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.gui.accessibility import focus_first_control
from app.gui.backend.interface import AccountInfo, Backend
from app.gui.error_line import ErrorLine
from app.gui.signals import emit
from app.gui.theme import icon
from app.gui.wizard.flow import Flow, WizardState, pick_confirmation
from app.gui.wizard.link_page import LinkPage
from app.gui.wizard.pages import (
    ConfirmPage,
    CredentialsPage,
    FinishPage,
    Page,
    PhrasePage,
    RecoverPasswordPage,
    RecoverPhrasePage,
    ServerPage,
    SignInPage,
    StartPage,
)
from app.gui.wizard.recovery_sheet import print_recovery_sheet, save_recovery_sheet
from app.gui.workers import Workers

__all__ = ["Wizard"]


class Wizard(QDialog):
    completed = Signal(object)  # AccountInfo
    step_changed = Signal(str)

    def __init__(self, backend: Backend, workers: Workers, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(QCoreApplication.translate("Wizard", "Privshare: set up"))
        self.setWindowIcon(icon("privshare"))
        self.setMinimumSize(640, 480)
        self.backend, self.workers = backend, workers
        self.state = WizardState()
        self.account: AccountInfo | None = None
        self._phrase_words: list[str] = []
        self._build()
        self._render()
        self.workers.run(backend.keyring_problem, done=self._keyring_checked)

    def _build(self) -> None:
        self.title = QLabel(self)
        self.title.setObjectName("PageTitle")
        self.subtitle = QLabel(self)
        self.subtitle.setObjectName("PageSubtitle")
        self.subtitle.setWordWrap(True)
        self.pages: dict[str, Page] = {
            "start": StartPage(self),
            "server": ServerPage(self),
            "credentials": CredentialsPage(self),
            "phrase": PhrasePage(self),
            "confirm": ConfirmPage(self),
            "sign-in": SignInPage(self),
            "recover-phrase": RecoverPhrasePage(self),
            "recover-password": RecoverPasswordPage(self),
            "link": LinkPage(self),
            "finish": FinishPage(self),
        }
        self.stack = QStackedWidget(self)
        for page in self.pages.values():
            self.stack.addWidget(page)
        self.page("phrase").save_requested.connect(self._ask_where_to_save)
        self.page("phrase").print_requested.connect(self._ask_to_print)
        self.page("confirm").submitted.connect(self.go_next)
        self.error = ErrorLine(self)
        self._clear_error_on_edit()
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setAccessibleName(QCoreApplication.translate("Wizard", "Working"))
        self.busy.hide()
        self.back_button = QPushButton(QCoreApplication.translate("Wizard", "Back"), self)
        self.next_button = QPushButton(QCoreApplication.translate("Wizard", "Next"), self)
        self.next_button.setObjectName("PrimaryButton")
        self.next_button.setDefault(True)
        for button in (self.back_button, self.next_button):
            button.setAccessibleName(button.text())
        self.back_button.clicked.connect(self.go_back)
        self.next_button.clicked.connect(self.go_next)
        buttons = QHBoxLayout()
        buttons.addWidget(self.busy, 1)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        for widget in (self.title, self.subtitle):
            layout.addWidget(widget)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

    def page(self, step: str) -> Any:
        return self.pages[step]

    # ---- rendering -------------------------------------------------------------------

    def _render(self) -> None:
        text = self.state.text
        self.title.setText(QCoreApplication.translate("Wizard", text.title))
        self.subtitle.setText(QCoreApplication.translate("Wizard", text.subtitle))
        if self.state.step == "server":
            self.page("server").offer_local(self.state.flow is Flow.CREATE)
        self.stack.setCurrentWidget(self.pages[self.state.step])
        focus_first_control(self.pages[self.state.step])
        self.back_button.setEnabled(self.state.can_go_back)
        self.next_button.setText(
            QCoreApplication.translate("Wizard", "Open Privshare")
            if self.state.is_last
            else QCoreApplication.translate("Wizard", "Next")
        )
        emit(self.step_changed, self.state.step)

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.next_button.setEnabled(not busy)
        self.back_button.setEnabled(not busy and self.state.can_go_back)

    def _clear_error_on_edit(self) -> None:
        """A complaint goes away as soon as the person changes what it was about."""
        for page in self.pages.values():
            for field in page.findChildren(QLineEdit):
                field.textEdited.connect(lambda _text: self.error.clear())

    def _keyring_checked(self, problem: str | None) -> None:
        if problem:
            self.page("sign-in").keyring_unavailable(problem)

    # ---- navigation ------------------------------------------------------------------

    def go_back(self) -> None:
        if self.state.can_go_back:
            self.error.clear()
            self.state.back()
            self._render()

    def go_next(self) -> None:
        self.error.clear()
        page = self.pages[self.state.step]
        problem = page.problem()
        if problem:
            self.error.show_error(problem)
            return
        self.state.values.update(page.values())
        handler = getattr(self, "_leave_" + self.state.step.replace("-", "_"), None)
        if handler is None:
            self._advance()
        else:
            handler()

    def _advance(self) -> None:
        if self.state.is_last:
            emit(self.completed, self.account)
            self.accept()
            return
        self.state.forward()
        self._render()

    def _call(self, fn: Callable[..., Any], *args: Any, then: Callable[[Any], None]) -> None:
        """Run a backend call in a worker; on success `then(result)`, else show the error."""
        self._set_busy(True)

        def done(result: Any) -> None:
            self._set_busy(False)
            then(result)

        def failed(error: BaseException) -> None:
            self._set_busy(False)
            self.error.show_error(error)

        self.workers.run(fn, *args, done=done, failed=failed)

    @property
    def address(self) -> str:
        return f"{self.state.values['username']}#{self.state.values['host']}"

    # ---- what leaving each step does ---------------------------------------------------

    def _leave_start(self) -> None:
        self.state.choose(self.page("start").flow())
        self._advance()

    def _leave_server(self) -> None:
        server: ServerPage = self.page("server")

        def chosen(host: str) -> None:
            self.state.values["host"] = host
            self._advance()

        if server.is_local:
            self._call(self.backend.start_local_server, then=chosen)
        else:
            self._call(self.backend.check_server, server.host.text().strip(), then=chosen)

    def _leave_credentials(self) -> None:
        def created(phrase: str) -> None:
            self._phrase_words = phrase.split()
            self.account = AccountInfo(self.address, str(self.state.values["host"]))
            self.page("phrase").show_words(self._phrase_words)
            self.page("confirm").ask(self._phrase_words, pick_confirmation(len(self._phrase_words)))
            self._advance()

        password = str(self.state.values.pop("password"))
        self._call(self.backend.create_account, self.address, password, then=created)

    def _leave_confirm(self) -> None:
        self._phrase_words = []  # shown once: not kept once confirmed
        self._call(self.backend.account_info, then=self._finish_with)  # with check words

    def _leave_sign_in(self) -> None:
        values = self.state.values
        password, remember = str(values.pop("password")), bool(values.pop("remember"))
        self._call(self.backend.sign_in, self.address, password, remember, then=self._finish_with)

    def _leave_recover_password(self) -> None:
        phrase = str(self.state.values.pop("phrase"))
        password = str(self.state.values.pop("password"))
        self._call(self.backend.recover, self.address, phrase, password, then=self._finish_with)

    def _leave_link(self) -> None:
        values = self.state.values
        code, password = str(values.pop("code")), str(values.pop("password"))
        page = self.page("link")
        self._set_busy(True)

        def done(account: AccountInfo) -> None:
            self._set_busy(False)
            self._finish_with(account)

        def failed(error: BaseException) -> None:
            self._set_busy(False)
            self.error.show_error(error)

        self.workers.run(
            self.backend.join_device,
            self.address,
            code,
            password,
            progress=page.show_event,
            done=done,
            failed=failed,
        )

    def _finish_with(self, account: AccountInfo | None) -> None:
        self.account = account
        summary = QCoreApplication.translate("Wizard", "Signed in as %1.").replace(
            "%1", account.address if account else ""
        )
        if self.state.flow is Flow.RECOVER:
            summary += " " + QCoreApplication.translate(
                "Wizard", "Your files are readable again with your new password."
            )
        if self.state.flow is Flow.LINK:
            summary += " " + QCoreApplication.translate(
                "Wizard", "This device has its own key and password."
            )
        self.page("finish").summary.setText(summary)
        if account is not None:
            self.page("finish").show_account(account.address, account.check_words)
        self._advance()

    # ---- recovery sheet --------------------------------------------------------------

    def _ask_where_to_save(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            QCoreApplication.translate("Wizard", "Save recovery sheet"),
            "privshare-recovery-sheet.html",
            "HTML (*.html)",
        )
        if path:
            self.save_sheet(Path(path))

    def _ask_to_print(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(QCoreApplication.translate("Wizard", "Print recovery sheet"))
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            self.print_sheet(printer)

    def print_sheet(self, printer: QPrinter) -> None:
        print_recovery_sheet(
            printer, self.address, self._phrase_words, time.strftime("%Y-%m-%d %H:%M")
        )

    def save_sheet(self, path: Path) -> None:
        created = time.strftime("%Y-%m-%d %H:%M")
        try:
            save_recovery_sheet(path, self.address, self._phrase_words, created)
        except OSError as error:
            self.error.show_error(error)
