"""Devices & sessions for the window (server_stub/SESSIONS.md, app/services/devices/
DEVICES.md): the account's devices with when each was last seen, and its open sessions.

The first device (the one holding the recovery phrase) logs in with the identity key
m/2' and has no row at the server: it is listed first and cannot be signed out from
here (recovering the account replaces its key). A device's "last seen" is the last use of
any open session its key opened (and, for this device, of the window's own session),
when the server still lists one.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.services.account.session import AccountSession
from app.services.devices import list_devices, list_sessions
from app.services.devices.sessions import FIRST_DEVICE, SessionInfo

__all__ = ["DeviceRow", "DevicesAndSessions", "devices_and_sessions"]


@dataclass(frozen=True)
class DeviceRow:
    name: str
    added: float | None  # None: the first device (the account's creation is not kept)
    last_seen: float | None  # None: no open session of it at the server
    this_device: bool
    removable: bool  # a linked device; the first device is replaced by recovering


@dataclass(frozen=True)
class DevicesAndSessions:
    devices: list[DeviceRow]
    sessions: list[SessionInfo]


def devices_and_sessions(session: AccountSession) -> DevicesAndSessions:
    linked = list_devices(session)
    sessions = list_sessions(session)
    seen: dict[str, float] = {}
    for s in sessions:
        seen[s.opened_by] = max(seen.get(s.opened_by, 0.0), s.last_used)
    this_device = FIRST_DEVICE if session.vault.device is None else session.vault.device[1]
    for s in sessions:
        if s.this_session:  # a password sign-in of this device is this device too
            seen[this_device] = max(seen.get(this_device, 0.0), s.last_used)
    first = DeviceRow(
        FIRST_DEVICE,
        None,
        seen.get(FIRST_DEVICE),
        session.vault.device is None,
        removable=False,
    )
    rows = [first] + [
        DeviceRow(d.name, d.added, seen.get(d.name), d.this_device, removable=True) for d in linked
    ]
    return DevicesAndSessions(rows, sessions)
