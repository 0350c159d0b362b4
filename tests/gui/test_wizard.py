"""The first-run wizard's three paths, driven through real widgets and workers."""

from __future__ import annotations

from pathlib import Path

import pytest
from a11y_helpers import unnamed_widgets
from fake_backend import PASSWORD, PHRASE, FakeBackend
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from app.gui.wizard.flow import Flow
from app.gui.wizard.wizard import Wizard
from app.gui.workers import Workers

WORDS = PHRASE.split()


@pytest.fixture
def wizard(qtbot, backend: FakeBackend, workers: Workers) -> Wizard:  # type: ignore[no-untyped-def]
    shown = Wizard(backend, workers)
    qtbot.addWidget(shown)
    shown.show()
    return shown


def _next(qtbot, wizard: Wizard, expected_step: str) -> None:  # type: ignore[no-untyped-def]
    if wizard.state.step == expected_step:
        return
    with qtbot.waitSignal(wizard.step_changed, timeout=5000):
        qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert wizard.state.step == expected_step, wizard.error.message


def _to_server_page(qtbot, wizard: Wizard, flow: Flow, *, choose: bool = True) -> None:  # type: ignore[no-untyped-def]
    """The server page; with `choose`, This computer for a new account, else the fake's
    server typed in."""
    wizard.page("start").buttons[flow].setChecked(True)
    _next(qtbot, wizard, "server")
    assert wizard.state.flow is flow
    server = wizard.page("server")
    if choose and flow is Flow.CREATE:
        qtbot.mouseClick(server.local, Qt.MouseButton.LeftButton, pos=QPoint(8, 8))
    elif choose:
        qtbot.mouseClick(server.remote, Qt.MouseButton.LeftButton, pos=QPoint(8, 8))
        qtbot.keyClicks(server.host, "127.0.0.1:4711")


def test_the_server_is_asked_for_and_this_computer_is_for_new_accounts_only(  # type: ignore[no-untyped-def]
    qtbot, wizard: Wizard, backend: FakeBackend
) -> None:
    _to_server_page(qtbot, wizard, Flow.CREATE, choose=False)
    server = wizard.page("server")
    assert not server.local.isChecked() and not server.remote.isChecked()
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert wizard.error.message == "Choose where your files are kept."
    assert not backend.called("start_local_server")
    qtbot.mouseClick(wizard.back_button, Qt.MouseButton.LeftButton)
    wizard.page("start").buttons[Flow.RECOVER].setChecked(True)
    _next(qtbot, wizard, "server")
    assert server.local.isHidden() and server.remote.isVisible()


def _create_until_confirm(qtbot, wizard: Wizard) -> None:  # type: ignore[no-untyped-def]
    _to_server_page(qtbot, wizard, Flow.CREATE)
    _next(qtbot, wizard, "credentials")
    credentials = wizard.page("credentials")
    qtbot.keyClicks(credentials.username, "alice")
    qtbot.keyClicks(credentials.passwords.password, PASSWORD)
    qtbot.keyClicks(credentials.passwords.again, PASSWORD)
    _next(qtbot, wizard, "phrase")
    _next(qtbot, wizard, "confirm")


def test_create_shows_the_phrase_once_and_needs_three_right_words(
    qtbot, wizard: Wizard, backend: FakeBackend
) -> None:  # type: ignore[no-untyped-def]
    _create_until_confirm(qtbot, wizard)
    assert backend.called("start_local_server")
    assert backend.called("create_account") == [
        ("create_account", "alice#127.0.0.1:4711", PASSWORD)
    ]
    grid = wizard.page("phrase").grid
    assert [label.text() for label in grid.word_labels] == WORDS
    confirm = wizard.page("confirm").confirm
    assert len(set(confirm.positions)) == 3
    for position, field in zip(confirm.positions, confirm.fields, strict=True):
        qtbot.keyClicks(field, WORDS[position])
    _next(qtbot, wizard, "finish")
    assert wizard._phrase_words == []
    with qtbot.waitSignal(wizard.completed, timeout=2000) as done:
        qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert done.args[0].address == "alice#127.0.0.1:4711"


def test_a_wrong_confirmation_word_keeps_the_page_and_names_the_word(qtbot, wizard: Wizard) -> None:  # type: ignore[no-untyped-def]
    _create_until_confirm(qtbot, wizard)
    confirm = wizard.page("confirm").confirm
    first, second, third = confirm.positions
    qtbot.keyClicks(confirm.fields[0], WORDS[first])
    qtbot.keyClicks(confirm.fields[1], "zoo")
    qtbot.keyClicks(confirm.fields[2], WORDS[third])
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert wizard.state.step == "confirm"
    assert f"#{second + 1}" in wizard.error.message
    assert confirm.fields[1].property("problem") is True


def test_the_recovery_sheet_is_saved_private(qtbot, wizard: Wizard, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _create_until_confirm(qtbot, wizard)
    sheet = tmp_path / "sheet.html"
    wizard.save_sheet(sheet)
    text = sheet.read_text()
    assert all(word in text for word in set(WORDS)) and "alice#127.0.0.1:4711" in text
    assert sheet.stat().st_mode & 0o077 == 0


def test_a_weak_password_is_refused_before_any_call(
    qtbot, wizard: Wizard, backend: FakeBackend
) -> None:  # type: ignore[no-untyped-def]
    _to_server_page(qtbot, wizard, Flow.CREATE)
    _next(qtbot, wizard, "credentials")
    credentials = wizard.page("credentials")
    qtbot.keyClicks(credentials.username, "alice")
    qtbot.keyClicks(credentials.passwords.password, "short")
    qtbot.keyClicks(credentials.passwords.again, "short")
    assert credentials.passwords.meter.value() == 0
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert wizard.state.step == "credentials"
    assert "10 characters" in wizard.error.message
    assert not backend.called("create_account")


def _to_recover_phrase(qtbot, wizard: Wizard):  # type: ignore[no-untyped-def]
    _to_server_page(qtbot, wizard, Flow.RECOVER)
    _next(qtbot, wizard, "recover-phrase")
    page = wizard.page("recover-phrase")
    qtbot.keyClicks(page.username, "alice")
    return page


def test_recover_marks_an_unknown_word(qtbot, wizard: Wizard) -> None:  # type: ignore[no-untyped-def]
    page = _to_recover_phrase(qtbot, wizard)
    qtbot.keyClicks(page.entry.fields[4], "qqq")
    assert page.entry.fields[4].property("problem") is True
    assert "Word 5" in page.entry.feedback.text()
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert wizard.state.step == "recover-phrase"
    assert "Word 5" in wizard.error.message


def test_recover_reports_a_wrong_checksum(qtbot, wizard: Wizard) -> None:  # type: ignore[no-untyped-def]
    page = _to_recover_phrase(qtbot, wizard)
    for field in page.entry.fields:
        qtbot.keyClicks(field, "abandon")
    assert "checksum" in page.entry.feedback.text()
    assert page.entry.phrase == ""
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert wizard.state.step == "recover-phrase"


def test_pasting_a_whole_phrase_fills_every_field_and_recovers(
    qtbot, wizard: Wizard, backend: FakeBackend
) -> None:  # type: ignore[no-untyped-def]
    page = _to_recover_phrase(qtbot, wizard)
    messy = "  " + " ".join(WORDS[:10]) + "\n\n" + "\t".join(WORDS[10:]).upper() + "  \n"
    QApplication.clipboard().setText(messy)
    page.entry.fields[7].setFocus()
    page.entry.fields[7].paste()
    assert page.entry.words() == WORDS
    assert page.entry.phrase == PHRASE
    assert page.entry.feedback.text() == ""
    _next(qtbot, wizard, "recover-password")
    passwords = wizard.page("recover-password").passwords
    qtbot.keyClicks(passwords.password, "a brand new passphrase")
    qtbot.keyClicks(passwords.again, "a brand new passphrase")
    _next(qtbot, wizard, "finish")
    assert backend.called("recover") == [
        ("recover", "alice#127.0.0.1:4711", PHRASE, "a brand new passphrase")
    ]


def test_a_twelve_word_phrase_is_accepted(qtbot, wizard: Wizard) -> None:  # type: ignore[no-untyped-def]
    page = _to_recover_phrase(qtbot, wizard)
    twelve = "abandon " * 11 + "about"
    page.entry.fill(twelve)
    assert page.entry.phrase == twelve


def test_sign_in_with_a_wrong_password_shows_the_error_in_place(
    qtbot, wizard: Wizard, backend: FakeBackend
) -> None:  # type: ignore[no-untyped-def]
    _to_server_page(qtbot, wizard, Flow.SIGN_IN)
    _next(qtbot, wizard, "sign-in")
    page = wizard.page("sign-in")
    qtbot.waitUntil(lambda: not page.remember.isEnabled(), timeout=5000)
    assert "keyring" in page.remember.toolTip()
    qtbot.keyClicks(page.username, "alice")
    qtbot.keyClicks(page.password, "not the password")
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(wizard.error.message), timeout=5000)
    assert "password is wrong" in wizard.error.message
    assert wizard.state.step == "sign-in" and wizard.next_button.isEnabled()
    page.password.clear()
    qtbot.keyClicks(page.password, PASSWORD)
    _next(qtbot, wizard, "finish")
    assert wizard.account is not None and wizard.account.address == "alice#127.0.0.1:4711"


def test_a_remote_server_address_is_checked(qtbot, wizard: Wizard, backend: FakeBackend) -> None:  # type: ignore[no-untyped-def]
    _to_server_page(qtbot, wizard, Flow.SIGN_IN, choose=False)
    server = wizard.page("server")
    server.remote.setChecked(True)
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert "address" in wizard.error.message
    qtbot.keyClicks(server.host, "files.example.org")
    _next(qtbot, wizard, "sign-in")
    assert backend.called("check_server") == [("check_server", "files.example.org")]


def test_recover_with_shares_instead_of_the_words(
    qtbot, wizard: Wizard, backend: FakeBackend
) -> None:  # type: ignore[no-untyped-def]
    from app.gui.wizard.shares_entry import SharesDialog
    from app.services.account.shares import split_phrase

    page = _to_recover_phrase(qtbot, wizard)
    shares = split_phrase(PHRASE, shares=5, threshold=3)
    qtbot.mouseClick(page.use_shares, Qt.MouseButton.LeftButton)
    dialog = page.findChild(SharesDialog)
    qtbot.keyClicks(dialog.shares, shares[4])
    qtbot.keyClick(dialog.shares, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.shares, shares[0])
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)  # two of three: refused in place
    assert "too few shares: 2 given, 3 needed" in dialog.error.text.text()
    assert page.entry.phrase == "" and dialog.isVisible()
    qtbot.keyClick(dialog.shares, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.shares, shares[2])
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert page.entry.phrase == PHRASE and page.entry.words() == WORDS
    _next(qtbot, wizard, "recover-password")
    passwords = wizard.page("recover-password").passwords
    qtbot.keyClicks(passwords.password, "a brand new passphrase")
    qtbot.keyClicks(passwords.again, "a brand new passphrase")
    _next(qtbot, wizard, "finish")
    assert backend.called("recover") == [
        ("recover", "alice#127.0.0.1:4711", PHRASE, "a brand new passphrase")
    ]


def _to_link_page(qtbot, wizard: Wizard):  # type: ignore[no-untyped-def]
    _to_server_page(qtbot, wizard, Flow.LINK)
    _next(qtbot, wizard, "link")
    page = wizard.page("link")
    qtbot.keyClicks(page.username, "alice")
    qtbot.keyClicks(page.passwords.password, "a laptop passphrase")
    qtbot.keyClicks(page.passwords.again, "a laptop passphrase")
    return page


def test_link_to_an_existing_device(qtbot, wizard: Wizard, backend: FakeBackend) -> None:  # type: ignore[no-untyped-def]
    page = _to_link_page(qtbot, wizard)
    qtbot.keyClicks(page.code, "guitar-ocean")  # no number: refused before any call
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert wizard.state.step == "link" and "is not a link code" in wizard.error.message
    page.code.clear()
    qtbot.keyClicks(page.code, "7-Guitar-Ocean")
    _next(qtbot, wizard, "finish")
    assert "ankle coffee pledge have" in page.words.text()
    assert backend.called("join_device") == [
        ("join_device", "alice#127.0.0.1:4711", "7-Guitar-Ocean", "a laptop passphrase")
    ]
    assert "its own key" in wizard.page("finish").summary.text()


def test_link_with_a_wrong_code_stays_on_the_page(
    qtbot, wizard: Wizard, backend: FakeBackend
) -> None:  # type: ignore[no-untyped-def]
    page = _to_link_page(qtbot, wizard)
    qtbot.keyClicks(page.code, "7-guitar-oak")
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "the code was wrong" in wizard.error.message, timeout=10_000)
    assert wizard.state.step == "link" and backend.called("join_device") == []


def test_a_user_name_is_lower_cased_as_typed_and_a_fixed_mistake_clears_the_error(  # type: ignore[no-untyped-def]
    qtbot, wizard: Wizard, backend: FakeBackend
) -> None:
    _to_server_page(qtbot, wizard, Flow.CREATE)
    _next(qtbot, wizard, "credentials")
    credentials = wizard.page("credentials")
    qtbot.keyClicks(credentials.username, "Al ice")
    qtbot.keyClicks(credentials.passwords.password, PASSWORD)
    qtbot.keyClicks(credentials.passwords.again, PASSWORD)
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert "user name" in wizard.error.message and credentials.username.text() == "al ice"
    credentials.username.setFocus()
    qtbot.keyClick(credentials.username, Qt.Key.Key_End)
    for _ in range(3):
        qtbot.keyClick(credentials.username, Qt.Key.Key_Left)
    qtbot.keyClick(credentials.username, Qt.Key.Key_Backspace)
    assert credentials.username.text() == "alice" and wizard.error.message == ""


def test_every_wizard_page_names_its_widgets(wizard: Wizard) -> None:
    assert unnamed_widgets(wizard) == []


def test_the_finish_page_gives_the_address_to_copy_and_the_check_words(  # type: ignore[no-untyped-def]
    qtbot, wizard: Wizard, backend: FakeBackend
) -> None:
    _to_server_page(qtbot, wizard, Flow.SIGN_IN)
    _next(qtbot, wizard, "sign-in")
    page = wizard.page("sign-in")
    qtbot.keyClicks(page.username, "alice")
    qtbot.keyClicks(page.password, PASSWORD)
    _next(qtbot, wizard, "finish")
    finish = wizard.page("finish")
    assert finish.address.text() == "alice#127.0.0.1:4711"
    assert finish.words.text() == "alpha bravo"
    qtbot.mouseClick(finish.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == "alice#127.0.0.1:4711"


def test_one_enter_per_confirmation_word_even_through_the_completer(  # type: ignore[no-untyped-def]
    qtbot, wizard: Wizard
) -> None:
    """Typing a word, picking it in the completer's list with Enter, moves to the next
    field; the Enter that picks the last word goes on to the next page (it took two)."""
    _create_until_confirm(qtbot, wizard)
    confirm = wizard.page("confirm").confirm
    for number, (position, field) in enumerate(zip(confirm.positions, confirm.fields, strict=True)):
        field.setFocus()
        qtbot.keyClicks(field, WORDS[position][:4])
        popup = field.completer().popup()
        qtbot.waitUntil(popup.isVisible, timeout=5000)
        qtbot.keyClick(popup, Qt.Key.Key_Down)
        qtbot.keyClick(popup, Qt.Key.Key_Return)
        assert field.text() == WORDS[position]
        if number + 1 < len(confirm.fields):
            qtbot.waitUntil(confirm.fields[number + 1].hasFocus, timeout=5000)
    qtbot.waitUntil(lambda: wizard.state.step == "finish", timeout=5000)


def test_enter_in_an_empty_confirmation_field_moves_on_without_an_error(  # type: ignore[no-untyped-def]
    qtbot, wizard: Wizard
) -> None:
    _create_until_confirm(qtbot, wizard)
    confirm = wizard.page("confirm").confirm
    confirm.fields[0].setFocus()
    qtbot.keyClick(confirm.fields[0], Qt.Key.Key_Return)
    assert confirm.fields[1].hasFocus()
    assert wizard.state.step == "confirm" and not wizard.error.message


def test_the_recovery_sheet_prints_without_any_file_of_ours(
    qtbot, wizard: Wizard, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """Printing lays the phrase out on the printer's pages (here a PDF printer, read back
    with PDFium as an independent reader); the wizard writes no sheet file of its own."""
    import pypdfium2
    from PySide6.QtPrintSupport import QPrinter

    _create_until_confirm(qtbot, wizard)
    assert wizard.page("phrase").print_button.accessibleName() == "Print a recovery sheet"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printer-output.pdf"
    printer.setOutputFileName(str(printed))
    wizard.print_sheet(printer)
    document = pypdfium2.PdfDocument(str(printed))
    try:
        text = " ".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
    assert "alice#127.0.0.1:4711" in text
    assert all(f"{number + 1}. {word}" in text for number, word in enumerate(WORDS))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["printer-output.pdf"]
