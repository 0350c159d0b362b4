"""Devices: link a new device with a short code (link, with the crypto in pairing), list
and remove them (manage). DEVICES.md beside this package is the spec."""

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

__all__ = [
    "CodeExpiredError",
    "CodeFormatError",
    "CodeSpentError",
    "DeviceInfo",
    "DeviceNameError",
    "LinkCancelledError",
    "LinkCode",
    "LinkFailedError",
    "WrongCodeError",
    "add_device",
    "join_device",
    "list_devices",
    "remove_device",
]
