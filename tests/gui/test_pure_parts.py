"""The Qt-free pieces: strength rules, the wizard's transition table, settings on disk."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale

from app.gui.backend.settings_store import SETTINGS_FILE, Settings, load_settings, save_settings
from app.gui.window.file_model import human_size
from app.gui.wizard.flow import FLOWS, STEPS, Flow, WizardState, pick_confirmation
from app.services.account.passwords import MIN_LENGTH, estimate, password_problem


@pytest.mark.parametrize(
    ("password", "level"),
    [
        ("", 0),
        ("aaaaaaaaaaaa", 0),
        ("password1234", 0),
        ("abcdefghijkl", 0),
        ("zqxjkvbwpl", 1),
        ("Tr0ub4dor&3x", 2),
        ("correct horse battery staple", 3),
    ],
)
def test_strength_levels(password: str, level: int) -> None:
    assert estimate(password).level == level


def test_password_rules_name_the_problem() -> None:
    assert "at least" in (password_problem("short", "short") or "")
    assert "differ" in (password_problem("correct horse battery", "correct horse batterx") or "")
    assert password_problem("correct horse battery", "correct horse battery") is None
    assert MIN_LENGTH == 10


def test_every_flow_step_has_text_and_the_phrase_cannot_be_left_backwards() -> None:
    for steps in FLOWS.values():
        assert steps[0] == "start" and steps[-1] == "finish"
        assert all(step in STEPS for step in steps)
    state = WizardState()
    state.choose(Flow.CREATE)
    visited = [state.step]
    while not state.is_last:
        visited.append(state.forward())
    assert visited == list(FLOWS[Flow.CREATE])
    state.position = FLOWS[Flow.CREATE].index("phrase")
    assert not state.can_go_back
    with pytest.raises(ValueError, match="cannot go back"):
        state.back()
    with pytest.raises(ValueError, match="start page"):
        state.choose(Flow.RECOVER)


def test_confirmation_positions_are_three_distinct_words() -> None:
    rolls = iter([5, 5, 23, 0])
    assert pick_confirmation(24, lambda _n: next(rolls)) == (0, 5, 23)
    assert all(len(set(pick_confirmation(24))) == 3 for _ in range(50))


def test_settings_round_trip_and_survive_damage(tmp_path: Path) -> None:
    chosen = Settings(
        proxy_mode="socks5",
        proxy_host="127.0.0.1",
        proxy_port=9050,
        proxy_user="me",
        lock_minutes=3,
        remember=True,
    )
    save_settings(tmp_path, chosen)
    assert load_settings(tmp_path) == chosen
    assert chosen.proxy_url() == "socks5h://me@127.0.0.1:9050"
    assert (tmp_path / SETTINGS_FILE).stat().st_mode & 0o077 == 0
    (tmp_path / SETTINGS_FILE).write_text(json.dumps({"lock_minutes": "x", "proxy_mode": "evil"}))
    assert load_settings(tmp_path) == Settings()
    (tmp_path / SETTINGS_FILE).write_text("{not json")
    assert load_settings(tmp_path) == Settings()


def test_proxy_settings_become_the_transport(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.gui.backend.services import ServicesBackend

    monkeypatch.setenv("HTTP_PROXY", "http://system-proxy.example:3128")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    url = "http://files.example/privmx"

    def proxies(settings: Settings, secret: str = "") -> dict[str, str]:
        backend = ServicesBackend(tmp_path / "p", settings)
        backend.session.network = settings.network(secret)
        connector = backend.session.connector_to("files.example")
        assert connector.route == settings.route
        return connector.transport.effective_proxies(url)  # type: ignore[attr-defined,no-any-return]

    assert proxies(Settings()).get("http") == "http://system-proxy.example:3128"
    assert proxies(Settings(proxy_mode="none")).get("http") is None
    manual = Settings(proxy_mode="http", proxy_host="10.0.0.1", proxy_port=8080, proxy_user="a b")
    assert proxies(manual, "p@ss:w").get("http") == "http://a%20b:p%40ss%3Aw@10.0.0.1:8080"
    assert proxies(Settings(route="via-home")) is not None
    assert Settings(route="sideways").checked().route == "auto"
    assert Settings(proxy_mode="socks5", proxy_host="h", proxy_port=1).proxy_url("x") == (
        "socks5h://h:1"  # a password without a user name is not sent
    )


def test_transfer_speed_is_the_average_and_time_left_follows(qtbot) -> None:  # type: ignore[no-untyped-def]
    from app.gui.transfers.manager import TransfersModel, TransferState, eta_text
    from app.services.events import CancelToken, TransferFailed, TransferProgress

    now = [100.0]
    model = TransfersModel(clock=lambda: now[0])
    token, mib = CancelToken(), 1 << 20

    def event(done: int) -> TransferProgress:
        return TransferProgress("/a", "upload", done, 100 * mib)

    model.apply(event(0), token)
    now[0] += 0.1
    model.apply(event(30 * mib), token)  # a burst right at the start: no speed yet
    assert model.rows[0].speed == 0 and model.index(0, 2).data() == ""
    now[0] += 1.9
    model.apply(event(40 * mib), token)  # 40 MiB in 2 s
    assert model.rows[0].speed == 20 * mib
    assert model.index(0, 2).data() == "20.0 MiB/s" and model.index(0, 3).data() == "3 s"
    assert eta_text(3600 * 25, 10) == "2 h 30 min" and eta_text(100, 0) == ""
    token.cancel()
    model.apply(TransferFailed("/a", "upload", 41 * mib, 100 * mib, "cancelled"), token)
    assert model.rows[0].state is TransferState.CANCELLED and not model.rows[0].reason


def test_the_desktop_entry_validates() -> None:
    """desktop-file-validate (Debian desktop-file-utils, from scripts/sysdeps.sh)."""
    import shutil
    import subprocess

    entry = Path(__file__).resolve().parents[2] / "resources" / "privshare.desktop"
    tool = shutil.which("desktop-file-validate")
    assert tool is not None, "install desktop-file-utils (scripts/sysdeps.sh does)"
    done = subprocess.run([tool, str(entry)], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr


@pytest.mark.parametrize(
    ("language", "sizes"),
    [
        ("en", ["7 B", "240.6 KiB", "1023.9 KiB", "19.2 MiB"]),
        ("de", ["7 B", "240,6 KiB", "1023,9 KiB", "19,2 MiB"]),
        ("pl", ["7 B", "240,6 KiB", "1023,9 KiB", "19,2 MiB"]),
    ],
)
def test_sizes_read_in_the_language_of_the_window(language: str, sizes: list[str]) -> None:
    before = QLocale()
    QLocale.setDefault(QLocale(language))
    try:
        shown = [human_size(n) for n in (7, 246_400, 1_048_500, 20_132_659)]
    finally:
        QLocale.setDefault(before)
    assert shown == sizes
