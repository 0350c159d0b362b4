"""Devices: link a new device with a short code (link, with the crypto in pairing), list
and remove them (manage), list and end the account's sessions (sessions;
server_stub/SESSIONS.md). DEVICES.md beside this package is the spec."""

from app.services.devices.link import (
    CodeExpiredError,
    CodeSpentError,
    DeviceNameError,
    LinkCancelledError,
    LinkFailedError,
    add_device,
    join_device,
)
from app.services.devices.manage import DeviceInfo, list_devices, remove_device
from app.services.devices.pairing import CodeFormatError, LinkCode, WrongCodeError
from app.services.devices.sessions import SessionInfo, end_session, list_sessions

__all__ = [
    "CodeExpiredError",
    "CodeFormatError",
    "CodeSpentError",
    "DeviceInfo",
    "DeviceNameError",
    "LinkCancelledError",
    "LinkCode",
    "LinkFailedError",
    "SessionInfo",
    "WrongCodeError",
    "add_device",
    "end_session",
    "join_device",
    "list_devices",
    "list_sessions",
    "remove_device",
]
