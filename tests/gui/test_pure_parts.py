"""The Qt-free pieces: strength rules, the wizard's transition table, settings on disk."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.gui.settings_store import SETTINGS_FILE, Settings, load_settings, save_settings
from app.gui.strength import MIN_LENGTH, estimate, password_problem
from app.gui.wizard_flow import FLOWS, STEPS, Flow, WizardState, pick_confirmation


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
