"""privshare:// links: parsing, the message the window shows, and the routes that bring
a link from the command line (bundle entry, `python -m app.gui`) to the application."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from app.gui import __main__ as gui_main
from app.gui import app as gui_app
from app.gui.links import MAX_LINK, LinkError, is_link, parse_link, show_link

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[2]


def load_entry() -> ModuleType:
    spec = importlib.util.spec_from_file_location("privshare_entry", ROOT / "packaging/entry.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("text", "host", "path", "fragment"),
    [
        ("privshare://files.example.com/s/abc", "files.example.com", "/s/abc", False),
        ("PRIVSHARE://Files.Example.com:8443", "files.example.com:8443", "/", False),
        ("privshare://127.0.0.1:5000/a%20b#k=SECRET", "127.0.0.1:5000", "/a b", True),
        ("privshare://[::1]:8080/x", "[::1]:8080", "/x", False),
    ],
)
def test_links_are_split(text: str, host: str, path: str, fragment: bool) -> None:
    assert is_link(text)
    link = parse_link(text)
    assert (link.host, link.path, link.has_fragment) == (host, path, fragment)
    assert "SECRET" not in link.describe()


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("https://files.example.com/", "not a privshare:// link"),
        ("privshare:///only/a/path", "no valid server"),
        ("privshare://user:pw@files.example/", "no valid server"),
        ("privshare://bad host/", "no valid server"),
        ("privshare://files.example/a%0Ab", "control characters"),
        ("privshare://files.example/" + "a" * MAX_LINK, "longer than"),
    ],
)
def test_bad_links_are_refused(text: str, reason: str) -> None:
    with pytest.raises(LinkError, match=reason):
        parse_link(text)


def test_the_window_says_where_a_link_points(qtbot: Any) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    box = show_link(window, "privshare://files.example.com/s/report#key=SECRET")
    qtbot.waitUntil(box.isVisible, timeout=5000)
    assert box.icon() == QMessageBox.Icon.Information
    assert "/s/report on the server files.example.com" in box.text()
    assert "SECRET" not in box.text()
    assert box.textFormat() == Qt.TextFormat.PlainText  # a link cannot inject rich text
    box.accept()


def test_a_bad_link_gets_a_warning_not_a_crash(qtbot: Any) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    box = show_link(window, "privshare://<b>x</b>/")
    qtbot.waitUntil(box.isVisible, timeout=5000)
    assert box.icon() == QMessageBox.Icon.Warning
    assert "no valid server" in box.text()
    box.accept()


def test_app_gui_passes_the_link_to_the_application(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    seen: dict[str, Any] = {}

    def fake_run(folder: Path, argv: list[str], link: str | None = None) -> int:
        seen.update(root=folder, argv=argv, link=link)
        return 7

    monkeypatch.setattr(gui_app, "run", fake_run)  # main() may import it when called
    monkeypatch.setattr(gui_main, "run", fake_run, raising=False)
    argv = ["privshare", "--profile", str(tmp_path), "-style", "fusion", "privshare://h.example/x"]
    monkeypatch.setattr(sys, "argv", argv)
    assert gui_main.main() == 7
    assert seen == {
        "root": tmp_path,
        "argv": ["privshare", "-style", "fusion"],
        "link": "privshare://h.example/x",
    }


@pytest.mark.parametrize(
    ("argv", "role", "rest"),
    [
        ([], "gui", []),
        (["privshare://h.example/x"], "gui", ["privshare://h.example/x"]),
        (["--profile", "P", "privshare://h/x"], "gui", ["--profile", "P", "privshare://h/x"]),
        (["--profile=P"], "gui", ["--profile=P"]),
        (["-m", "app.gui", "--profile", "P"], "gui", ["--profile", "P"]),
        (["-m", "server_stub", "--port", "0"], "server", ["--port", "0"]),
        (["-m", "app", "ls"], "cli", ["ls"]),
        (["--self-test"], "cli", ["--self-test"]),
        (["--profile", "P", "ls", "/"], "cli", ["--profile", "P", "ls", "/"]),
        (["server", "--print-config"], "cli", ["server", "--print-config"]),
    ],
)
def test_bundle_entry_routes_each_role(
    monkeypatch: pytest.MonkeyPatch, argv: list[str], role: str, rest: list[str]
) -> None:
    entry = load_entry()
    calls: list[tuple[str, list[str]]] = []
    for name in ("gui", "server", "cli"):
        monkeypatch.setattr(entry, f"_{name}", lambda a, n=name: calls.append((n, list(a))) or 0)
    assert entry.main(argv) == 0
    assert calls == [(role, rest)]


def test_bundle_entry_refuses_unknown_modules(capsys: pytest.CaptureFixture[str]) -> None:
    assert load_entry().main(["-m", "os"]) == 2
    assert "no module 'os'" in capsys.readouterr().err


def test_desktop_entry_declares_the_scheme() -> None:
    lines = (ROOT / "resources" / "privshare.desktop").read_text().splitlines()
    assert lines[0] == "[Desktop Entry]"
    fields = dict(line.split("=", 1) for line in lines[1:] if "=" in line)
    assert fields["Type"] == "Application" and fields["Icon"] == "privshare"
    assert fields["Exec"].split()[-1] == "%u"  # the link arrives as one argument
    assert "x-scheme-handler/privshare" in fields["MimeType"].split(";")
    assert (ROOT / "resources" / "icons" / "privshare-app.svg").is_file()
