"""`ls` lists without the cyclic garbage collector (service.py `_collector_paused`) and
always leaves it as it found it: on after a listing, after a refused one, and off when
the caller had turned it off."""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from files_world import Device
from test_malicious_structure import put_text

from app.client.objects_api import ObjectsApi

pytestmark = pytest.mark.integration


@pytest.fixture
def collector_states(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[bool]]:
    """Whether the collector was on at each descriptor fetch of a listing."""
    states: list[bool] = []
    fetch = ObjectsApi.descriptor_get_changed

    def spy(self: ObjectsApi, ids: Sequence[str], known: Any) -> Any:
        states.append(gc.isenabled())
        if getattr(self, "lost", False):
            raise ConnectionResetError("the connection was lost")
        return fetch(self, ids, known)

    monkeypatch.setattr(ObjectsApi, "descriptor_get_changed", spy)
    was_on = gc.isenabled()
    yield states
    if was_on:
        gc.enable()


def test_ls_pauses_the_collector_and_turns_it_back_on(
    alice: Device, tmp_path: Path, collector_states: list[bool]
) -> None:
    put_text(alice, tmp_path, "/Box", "a.txt", "a")
    assert gc.isenabled()
    assert [e.name for e in alice.files.ls("/Box")] == ["a.txt"]
    assert collector_states == [False] and gc.isenabled()

    alice.files.api.lost = True  # type: ignore[attr-defined]
    with pytest.raises(Exception, match="lost"):
        alice.files.ls("/Box")
    assert collector_states == [False, False] and gc.isenabled()


def test_ls_leaves_a_collector_the_caller_turned_off_off(
    alice: Device, tmp_path: Path, collector_states: list[bool]
) -> None:
    put_text(alice, tmp_path, "/Box", "a.txt", "a")
    gc.disable()
    alice.files.ls("/Box")
    assert collector_states == [False] and not gc.isenabled()
