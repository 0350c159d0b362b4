"""Link a new device to an account with a short code, through the account's server as a
rendezvous mailbox (DEVICES.md §3).

    add_device(session, name, show_code=..., approve=...)          # on the signed-in device A
    join_device(address, code, new_password, profile, connector,  # on the new device B
                show_words=..., now=...) -> AccountSession

Nothing secret moves before both sides have proved they hold the same code (SPAKE2 and
key confirmation) and device A's person has approved the verification words, which
device B shows too. Device A then registers B's own login key m/3'/i' with the server
and sends B the account's secret sealed under the exchanged key; B makes its vault with
its own password and logs in with its device key.
"""

from __future__ import annotations

import contextlib
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import msgpack

from app.client.address import parse_address
from app.client.channel import Channel
from app.client.errors import RemoteCallError
from app.crypto import bip39
from app.services import pki
from app.services.account.helpers import (
    PRIVDATA_ITEM,
    account_errors,
    adopt,
    remove_vault_files,
)
from app.services.account.session import AccountSession, resume
from app.services.connection import Connector, MemoryPins
from app.services.devices.pairing import LinkCode, Pairing, Side, WrongCodeError
from app.services.errors import (
    AuthenticationFailedError,
    InvalidInputError,
    ServiceError,
    TamperingDetectedError,
)
from app.vault import DEFAULT_KDF, KdfParams, Profile, Vault, VaultExistsError

__all__ = [
    "CodeExpiredError",
    "CodeSpentError",
    "DeviceNameError",
    "LinkCancelledError",
    "LinkFailedError",
    "add_device",
    "join_device",
]

POLL_SECONDS = 0.25
DEVICE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")  # as the server requires
UNKNOWN_MAILBOX = 1801
SPENT = 1802
RATE_LIMITED = 1803
_PAYLOAD_VERSION = 1


class CodeExpiredError(ServiceError):
    """The code's mailbox is gone: it expired (10 minutes), or the other side gave up."""


class CodeSpentError(AuthenticationFailedError):
    """The code was already tried once; a code is good for one try."""


class LinkCancelledError(ServiceError):
    """The person did not confirm the verification words."""


class LinkFailedError(ServiceError):
    """The new device could not finish; nothing was linked."""


class DeviceNameError(InvalidInputError):
    """The name is not usable for a new device (checked before any code is made)."""


@dataclass(frozen=True)
class _Mailbox:
    channel: Channel
    number: int
    side: Side
    token: bytes | None
    clock: Callable[[], float]
    sleep: Callable[[float], None]
    deadline: float

    def post(self, phase: str, body: bytes) -> None:
        params: dict[str, Any] = {"mailbox": self.number, "side": self.side, "phase": phase}
        if self.token is not None:
            params["token"] = self.token
        _call(self.channel, "rendezvousPost", body=body, **params)

    def wait(self, phase: str) -> bytes:
        """The other side's message for `phase`, polling until the mailbox expires."""
        other = "B" if self.side == "A" else "A"
        while True:
            answer = _call(
                self.channel, "rendezvousGet", mailbox=self.number, side=other, phase=phase
            )
            body = answer.get("body") if isinstance(answer, dict) else None
            if isinstance(body, bytes):
                return body
            if self.clock() >= self.deadline:
                raise CodeExpiredError("the other device did not answer in time: start again")
            self.sleep(POLL_SECONDS)

    def close(self) -> None:
        if self.token is not None:
            with contextlib.suppress(ServiceError):
                _call(self.channel, "rendezvousClose", mailbox=self.number, token=self.token)


def _call(channel: Channel, method: str, **params: Any) -> Any:
    try:
        with account_errors():
            return channel.call(method, **params)
    except ServiceError as error:
        cause = error.__cause__
        if isinstance(cause, RemoteCallError):
            if cause.code == UNKNOWN_MAILBOX:
                raise CodeExpiredError(
                    "that code is not (or no longer) valid: codes last 10 minutes and end "
                    "when either device stops; run `privshare device add` again"
                ) from None
            if cause.code == SPENT:
                raise CodeSpentError(
                    "that code was already tried (a code is good for one try): run "
                    "`privshare device add` again for a new one"
                ) from None
            if cause.code == RATE_LIMITED:
                raise ServiceError(f"the server refused: {cause.message}") from None
        raise


def add_device(
    session: AccountSession,
    name: str,
    *,
    show_code: Callable[[str], None],
    approve: Callable[[tuple[str, ...]], bool],
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
    randbelow: Callable[[int], int] = secrets.randbelow,
) -> int:
    """Device A: show a code, meet the new device, let the person compare the words,
    then register the new device's key and send it the account. Returns its index."""
    _check_new_name(session, name)
    channel = session.channel
    opened = _call(channel, "rendezvousOpen")
    number, token = int(opened["mailbox"]), bytes(opened["token"])
    lifetime = min(max(0.0, float(opened["ttl"])), 600.0)
    code = LinkCode.generate(number, randbelow)
    mailbox = _Mailbox(channel, number, "A", token, clock, sleep, clock() + lifetime)
    closing = True
    try:
        show_code(str(code))
        pairing = Pairing(code, "A")
        mailbox.post("pake", pairing.message)
        pairing.finish(mailbox.wait("pake"))
        mailbox.post("confirm", pairing.confirmation)
        try:
            pairing.check(mailbox.wait("confirm"))
        except WrongCodeError:
            closing = False  # left to expire, spent: the other side still reads our confirm
            raise
        if not approve(pairing.verification_words):
            raise LinkCancelledError("the words were not confirmed: nothing was linked")
        index = randbelow(2**31)
        device_key = session.vault.device_key(index).public_key.to_bytes()
        _call(channel, "deviceAdd", name=name, login_key=device_key)
        mailbox.post("payload", pairing.seal(_payload(session, index, name)))
        if mailbox.wait("done") != b"ok":
            with contextlib.suppress(ServiceError):
                _call(channel, "deviceRemove", name=name)
            raise LinkFailedError("the new device could not finish: nothing was linked")
        return index
    finally:
        if closing:
            mailbox.close()


def _check_new_name(session: AccountSession, name: str) -> None:
    if not DEVICE_NAME.fullmatch(name):
        raise DeviceNameError(
            f"{name!r} cannot name a device: use 1-64 letters, digits, dots, dashes or "
            "underscores, starting with a letter or digit"
        )
    answer = _call(session.channel, "deviceList")
    taken = (
        {d.get("name") for d in answer.get("devices", [])} if isinstance(answer, dict) else set()
    )
    if name in taken:
        raise DeviceNameError(f"a device named {name!r} is already linked: choose another name")


def _payload(session: AccountSession, index: int, name: str) -> bytes:
    vault = session.vault
    return msgpack.packb(
        {
            "v": _PAYLOAD_VERSION,
            "address": str(session.address),
            "server_key": session.config.server_key,
            "entropy": bip39.mnemonic_to_entropy(vault.mnemonic),
            "passphrase": _passphrase(vault),
            "privdata_counter": vault.item_version(PRIVDATA_ITEM) or 0,
            "device_index": index,
            "device_name": name,
        },
        use_bin_type=True,
    )


def _passphrase(vault: Vault) -> str:
    if vault.passphrase_used:
        raise LinkFailedError(
            "this account uses a BIP-39 passphrase: link the new device with "
            "`privshare login` instead"
        )
    return ""


@dataclass(frozen=True)
class _Received:
    address: str
    server_key: bytes
    entropy: bytes
    counter: int
    index: int
    name: str


def _received(data: bytes) -> _Received:
    try:
        raw = msgpack.unpackb(data, raw=False)
        if raw.get("v") != _PAYLOAD_VERSION or raw.get("passphrase") != "":
            raise ValueError("version")
        received = _Received(
            str(raw["address"]),
            bytes(raw["server_key"]),
            bytes(raw["entropy"]),
            int(raw["privdata_counter"]),
            int(raw["device_index"]),
            str(raw["device_name"]),
        )
        bip39.entropy_to_mnemonic(received.entropy)
    except Exception as error:  # msgpack and the field reads raise several types
        raise TamperingDetectedError(
            "the account data from the other device is malformed"
        ) from error
    return received


def join_device(
    address: str,
    code_text: str,
    new_password: str,
    profile: Profile,
    connector: Connector,
    *,
    show_words: Callable[[tuple[str, ...]], None],
    now: float,
    vault_kdf: KdfParams = DEFAULT_KDF,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> AccountSession:
    """Device B: meet device A through the account's server with the code, show the
    words, receive the account and make this device's own vault; log in with its key."""
    code = LinkCode.parse(code_text)
    where = parse_address(address)
    if profile.has_vault():
        raise VaultExistsError()
    if not new_password:
        raise InvalidInputError("the new password must not be empty")
    pins = MemoryPins()
    with account_errors():
        link = connector.connect(str(where.server), pins)
    mailbox = _Mailbox(link.channel, code.mailbox, "B", None, clock, sleep, clock() + 600)
    pairing = Pairing(code, "B")
    peer = mailbox.wait("pake")
    mailbox.post("pake", pairing.message)
    pairing.finish(peer)
    mailbox.post("confirm", pairing.confirmation)
    pairing.check(mailbox.wait("confirm"))
    show_words(pairing.verification_words)
    received = _received(pairing.open(mailbox.wait("payload")))
    try:
        _check_same_account(received, where, link.config.server_key)
        vault = Vault.restore(
            profile,
            bip39.entropy_to_mnemonic(received.entropy),
            new_password,
            now=now,
            kdf=vault_kdf,
        )
    except BaseException:
        with contextlib.suppress(ServiceError):
            mailbox.post("done", b"failed")
        raise
    try:
        adopt(vault, where, pins, counter=received.counter)
        vault.set_device(received.index, received.name)
        session = resume(vault, connector)
        pki.check_own_identity(
            session.channel, str(where), vault.identity_key.public_key, checkpoints=vault, now=now
        )
    except BaseException:
        vault.lock()
        remove_vault_files(profile)
        with contextlib.suppress(ServiceError):
            mailbox.post("done", b"failed")
        raise
    mailbox.post("done", b"ok")
    return session


def _check_same_account(received: _Received, where: Any, server_key: bytes) -> None:
    if parse_address(received.address) != where:
        raise LinkFailedError(
            f"the code belongs to {received.address}, not {where}: join that account instead"
        )
    if received.server_key != server_key:
        raise TamperingDetectedError(
            f"the server at {where.server} is not the one the other device knows (its key "
            "differs): do not use it until its operator explains"
        )
