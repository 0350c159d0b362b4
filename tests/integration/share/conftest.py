"""Fixtures for the sharing tests: two users on the real server process (accounts from
the integration conftest's `new_account`; `User` and `tree` are share_world.py's)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from server_harness import ServerProcess
from share_world import User
from world import Account


@pytest.fixture
def new_user(new_account: Callable[..., Account]) -> Callable[..., User]:
    def make(name: str = "u", on: ServerProcess | None = None) -> User:
        made = new_account(name, on=on)
        return User(made.address, made.profile, made.session, made.connector)

    return make


@pytest.fixture
def alice(new_user: Callable[..., User]) -> User:
    return new_user("alice")


@pytest.fixture
def bob(new_user: Callable[..., User]) -> User:
    return new_user("bob")
