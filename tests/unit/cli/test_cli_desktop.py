"""`privshare desktop-integration` and privshare:// links from a pip/source install.

The real command writes into a temporary XDG_DATA_HOME/XDG_CONFIG_HOME; Debian's
`desktop-file-validate` (desktop-file-utils, installed by scripts/sysdeps.sh) checks the
entry; the entry's own Exec line, run with a link, reaches the desktop app (which, with
no display, says so and exits 3: the link got past the command line's parser).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli.commands.desktop import desktop_entry

ROOT = Path(__file__).resolve().parents[3]
LINK = "privshare://127.0.0.1:8443/Documents/report.pdf"
NO_DISPLAY_STATUS = 3


def _validate(path: Path) -> subprocess.CompletedProcess[str]:
    tool = shutil.which("desktop-file-validate")
    if tool is None:
        raise RuntimeError("desktop-file-validate is missing: run scripts/sysdeps.sh (as root)")
    return subprocess.run([tool, str(path)], capture_output=True, text=True, timeout=30)


@pytest.fixture
def xdg(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    env.update(XDG_DATA_HOME=str(tmp_path / "data"), XDG_CONFIG_HOME=str(tmp_path / "config"))
    return env


def privshare(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def test_the_shipped_desktop_entry_validates_clean() -> None:
    checked = _validate(ROOT / "resources" / "privshare.desktop")
    assert (checked.returncode, checked.stdout, checked.stderr) == (0, "", "")


def test_install_validate_open_a_link_and_remove(xdg: dict[str, str], tmp_path: Path) -> None:
    mimeapps = tmp_path / "config" / "mimeapps.list"
    mimeapps.parent.mkdir(parents=True)
    mimeapps.write_text("[Default Applications]\ntext/plain=editor.desktop\n")

    installed = privshare(xdg, "desktop-integration")
    assert installed.returncode == 0, installed.stderr
    entry = tmp_path / "data" / "applications" / "privshare.desktop"
    checked = _validate(entry)
    assert (checked.returncode, checked.stdout, checked.stderr) == (0, "", "")
    assert (tmp_path / "data/icons/hicolor/scalable/apps/privshare.svg").is_file()
    assert mimeapps.read_text().splitlines() == [
        "[Default Applications]",
        "x-scheme-handler/privshare=privshare.desktop",
        "text/plain=editor.desktop",
    ]
    assert "MimeType=x-scheme-handler/privshare;" in entry.read_text()

    exec_line = next(x for x in entry.read_text().splitlines() if x.startswith("Exec="))
    command = shlex.split(exec_line.removeprefix("Exec=").replace("%u", shlex.quote(LINK)))
    assert Path(command[0]).is_absolute() and os.access(command[0], os.X_OK)
    opened = subprocess.run(command, env=xdg, capture_output=True, text=True, timeout=60)
    assert opened.returncode == NO_DISPLAY_STATUS, (opened.stdout, opened.stderr)
    assert "no display" in opened.stderr  # the desktop app, not "invalid choice" from argparse

    again = privshare(xdg, "desktop-integration")  # idempotent
    assert again.returncode == 0 and mimeapps.read_text().count("x-scheme-handler/privshare") == 1
    removed = privshare(xdg, "desktop-integration", "--remove")
    assert removed.returncode == 0, removed.stderr
    assert not entry.exists()
    assert mimeapps.read_text().splitlines() == [
        "[Default Applications]",
        "text/plain=editor.desktop",
    ]


def test_a_link_alone_opens_the_desktop_app(xdg: dict[str, str], tmp_path: Path) -> None:
    for args in ([LINK], ["--profile", str(tmp_path / "p"), LINK]):
        opened = privshare(xdg, *args)
        assert opened.returncode == NO_DISPLAY_STATUS, opened.stderr
        assert "no display" in opened.stderr


def test_exec_quotes_paths_with_spaces() -> None:
    template = "[Desktop Entry]\nExec=privshare %u\nTryExec=privshare\n"
    entry = desktop_entry(template, ["/opt/my apps/bin/python", "-m", "app"])
    assert 'Exec="/opt/my apps/bin/python" -m app %u' in entry
    assert "TryExec=/opt/my apps/bin/python" in entry
