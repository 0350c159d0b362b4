"""The devices of the caller's own account (server_stub/devices.py; app/services/devices/
DEVICES.md §4). Login needed; a device is a named login key.

    deviceAdd{name: str, login_key: bin33}   -> true  (the key can log in from now on)
    deviceList{}                             -> {devices: [{name, login_key: bin33, added}]}
    deviceRemove{name: str}                  -> true  (the key cannot log in any more, and
                                                the sessions it opened end: SESSIONS.md)

| code | meaning |
|---|---|
| 1901 | a device with that name or key exists, or the account has 32 devices |
| 1902 | no device of that name |
"""

from __future__ import annotations

from typing import Any

from server_stub.devices import DeviceError, SqliteDevices
from server_stub.handlers.account import read_login_key
from server_stub.rpc import Call, Params, Registry, present, translating

__all__ = ["DEVICE_NAME_PATTERN", "register_devices"]

DEVICE_NAME_PATTERN = r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}"
_refusals = translating((DeviceError,))


def register_devices(registry: Registry) -> None:
    registry.method("deviceAdd", login=True)(_refusals(device_add))
    registry.method("deviceList", login=True)(_refusals(device_list))
    registry.method("deviceRemove", login=True)(_refusals(device_remove))


def _devices(call: Call) -> SqliteDevices:
    return present(call.services.devices, "this server keeps no device list")


def _username(call: Call) -> str:
    name = call.session.username
    assert name is not None  # the registry lets only logged-in sessions through
    return name


async def device_add(call: Call, params: Params) -> bool:
    name = params.text("name", DEVICE_NAME_PATTERN)
    key = read_login_key(params)
    params.done()
    await _devices(call).add(_username(call), name, key, call.now)
    return True


async def device_list(call: Call, params: Params) -> dict[str, Any]:
    params.done()
    found = await _devices(call).list(_username(call))
    return {
        "devices": [{"name": d.name, "login_key": d.public_key, "added": d.added} for d in found]
    }


async def device_remove(call: Call, params: Params) -> bool:
    name = params.text("name", DEVICE_NAME_PATTERN)
    params.done()
    key = await _devices(call).remove(_username(call), name)
    if call.services.sessions is not None:
        await call.services.sessions.end_for_key(_username(call), key)
    return True
