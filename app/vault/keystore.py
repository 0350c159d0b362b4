"""Device keys in the OS keyring ("remember on this device"), behind one small interface.

`OsKeyring` goes through the `keyring` package and turns every way it can fail (no
backend on a headless machine, the null backend, a plaintext backend from keyrings.alt,
a D-Bus error...) into `KeyringUnavailableError` with a plain sentence. Tests and other
callers may pass any object with the `DeviceKeyStore` methods instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from app.vault.errors import KeyringUnavailableError

if TYPE_CHECKING:  # `keyring` itself is imported when a keyring is used (0.02 s per start)
    from keyring.backend import KeyringBackend

__all__ = ["KEYRING_SERVICE", "DeviceKeyStore", "OsKeyring", "check_backend"]

KEYRING_SERVICE = "Privshare vault"
DEVICE_KEY_SIZE = 32


class DeviceKeyStore(Protocol):
    """Where device keys live, by device slot id."""

    def load(self, slot_id: bytes) -> bytes | None: ...

    def save(self, slot_id: bytes, key: bytes) -> None: ...

    def delete(self, slot_id: bytes) -> None: ...


def _is_plaintext(backend: KeyringBackend) -> bool:
    cls = type(backend)
    return "plaintext" in cls.__name__.lower() or (
        cls.__module__.startswith("keyrings.alt") and "encrypt" not in cls.__name__.lower()
    )


def _chained(backend: KeyringBackend) -> list[KeyringBackend]:
    inner: Any = getattr(backend, "backends", None)
    return list(inner) if inner is not None else [backend]


def check_backend(backend: KeyringBackend) -> None:
    """Raise `KeyringUnavailableError` unless `backend` can keep a secret safely."""
    module = type(backend).__module__
    if module == "keyring.backends.fail":
        raise KeyringUnavailableError(
            "no system keyring is available (none runs in this session): "
            "unlock with your password instead"
        )
    if module == "keyring.backends.null":
        raise KeyringUnavailableError(
            "the system keyring is turned off (null backend): unlock with your password instead"
        )
    chained = _chained(backend)
    if not chained:
        raise KeyringUnavailableError(
            "no system keyring is available: unlock with your password instead"
        )
    if any(_is_plaintext(b) for b in chained):
        raise KeyringUnavailableError(
            "the only keyring found stores secrets in plain text, which Privshare refuses: "
            "unlock with your password instead"
        )


def _failure(exc: Exception) -> KeyringUnavailableError:
    return KeyringUnavailableError(
        f"the system keyring failed ({type(exc).__name__}): unlock with your password instead"
    )


class OsKeyring:
    """The OS keyring through the `keyring` package (the active backend at each call)."""

    def __init__(self, service: str = KEYRING_SERVICE) -> None:
        self.service = service

    def _backend(self) -> KeyringBackend:
        import keyring

        try:
            backend = keyring.get_keyring()
        except Exception as exc:
            raise _failure(exc) from exc
        check_backend(backend)
        return backend

    def load(self, slot_id: bytes) -> bytes | None:
        backend = self._backend()
        try:
            stored = backend.get_password(self.service, slot_id.hex())
        except Exception as exc:
            raise _failure(exc) from exc
        if stored is None:
            return None
        try:
            key = bytes.fromhex(stored)
        except ValueError:
            return None
        return key if len(key) == DEVICE_KEY_SIZE else None

    def save(self, slot_id: bytes, key: bytes) -> None:
        backend = self._backend()
        try:
            backend.set_password(self.service, slot_id.hex(), bytes(key).hex())
        except Exception as exc:
            raise _failure(exc) from exc

    def delete(self, slot_id: bytes) -> None:
        """Remove the entry; an entry that is already gone is fine."""
        from keyring.errors import PasswordDeleteError

        backend = self._backend()
        try:
            backend.delete_password(self.service, slot_id.hex())
        except PasswordDeleteError:
            return
        except Exception as exc:
            raise _failure(exc) from exc
