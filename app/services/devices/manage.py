"""The devices of an account as its server knows them: list them, remove one (DEVICES.md §4).

A removed device's key can no longer log in: its next command fails with "login
failed". The phrase's own device (the one that created or recovered the account) logs
in with the identity key m/2' and is not in the list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.client.channel import Channel
from app.client.errors import RemoteCallError
from app.services.account.helpers import account_errors
from app.services.account.session import AccountSession, login_key_of
from app.services.errors import NotFoundError, ServiceError, TamperingDetectedError

__all__ = ["DeviceInfo", "call_server", "list_devices", "remove_device"]

NO_SUCH_DEVICE = 1902


@dataclass(frozen=True)
class DeviceInfo:
    name: str
    login_key: bytes
    added: float
    this_device: bool


def list_devices(session: AccountSession) -> list[DeviceInfo]:
    """The linked devices, oldest first; `this_device` marks the one asking."""
    own = login_key_of(session.vault).public_key.to_bytes()
    answer = call_server(session.channel, "deviceList")
    try:
        return [
            DeviceInfo(
                str(d["name"]),
                bytes(d["login_key"]),
                float(d["added"]),
                bytes(d["login_key"]) == own,
            )
            for d in answer["devices"]
        ]
    except (KeyError, TypeError, ValueError):
        raise TamperingDetectedError("the server's device list is malformed") from None


def remove_device(session: AccountSession, name: str) -> None:
    """The device's key stops working at the server and its sessions end."""
    try:
        call_server(session.channel, "deviceRemove", name=name)
    except ServiceError as error:
        cause = error.__cause__
        if isinstance(cause, RemoteCallError) and cause.code == NO_SUCH_DEVICE:
            raise NotFoundError(
                f"no device named {name!r}: `privshare device list` shows them"
            ) from None
        raise


def call_server(channel: Channel, method: str, **params: object) -> dict[str, Any]:
    """One call of a devices or sessions method; a non-map answer other than true is
    tampering."""
    with account_errors():
        answer = channel.call(method, **params)
    if not isinstance(answer, dict) and answer is not True:
        raise TamperingDetectedError(f"the server's answer to {method} is malformed")
    return answer if isinstance(answer, dict) else {}
