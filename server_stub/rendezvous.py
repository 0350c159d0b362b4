"""Rendezvous mailboxes: where two devices of one person meet to link (device linking,
app/services/devices/DEVICES.md §3). In memory only: a mailbox lives ten minutes, and a
restart simply ends the links in progress.

A mailbox has a small number (the first part of the code a person reads out), an owner
token (only the device that opened it may post as side "A" or close it) and at most
one message per (side, phase). Side "B" may post its "pake" message once per mailbox,
ever: a wrong code fails after one try and the code is spent. Bodies are opaque to the
server (SPAKE2 messages, key confirmations, an AES-GCM payload).

Limits, per client address (the peer the HTTP layer saw) in a sliding ten minutes:
`MAX_OPENS_PER_PEER` opens and `MAX_CLAIMS_PER_PEER` "B" pake posts (so nobody can try
codes in bulk); at most `MAX_MAILBOXES` open at once.
"""

from __future__ import annotations

import secrets
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = [
    "MAILBOX_TTL",
    "Mailboxes",
    "RendezvousError",
    "RendezvousLimitError",
    "SpentError",
    "UnknownMailboxError",
]

MAILBOX_TTL = 600.0
RATE_WINDOW = 600.0
MAX_OPENS_PER_PEER = 20
MAX_CLAIMS_PER_PEER = 20
MAX_MAILBOXES = 2000
MAX_NUMBER = 9999
MAX_BODY = 64 * 1024
SIDES = ("A", "B")
PHASES = ("pake", "confirm", "payload", "done")


class RendezvousError(Exception):
    code = 1800


class UnknownMailboxError(RendezvousError):
    """No such mailbox: never opened, expired, closed, or a wrong owner token."""

    code = 1801


class SpentError(RendezvousError):
    """The code was already tried (one try per code), or that message was already sent."""

    code = 1802


class RendezvousLimitError(RendezvousError):
    """Too many mailboxes or tries from this address: wait, then start again."""

    code = 1803


@dataclass
class _Mailbox:
    token: bytes
    expires: float
    messages: dict[tuple[str, str], bytes] = field(default_factory=dict)


class Mailboxes:
    """The open mailboxes of this server (one event loop: no locking needed)."""

    def __init__(
        self,
        *,
        ttl: float = MAILBOX_TTL,
        randbelow: Callable[[int], int] = secrets.randbelow,
        token_bytes: Callable[[int], bytes] = secrets.token_bytes,
    ) -> None:
        self.ttl = ttl
        self._randbelow = randbelow
        self._token_bytes = token_bytes
        self._boxes: dict[int, _Mailbox] = {}
        self._opens: defaultdict[str, deque[float]] = defaultdict(deque)
        self._claims: defaultdict[str, deque[float]] = defaultdict(deque)

    def open(self, peer: str, now: float) -> tuple[int, bytes, float]:
        """A new mailbox: (its number, the owner token, when it expires)."""
        self._expire(now)
        _spend(self._opens, peer, now, MAX_OPENS_PER_PEER)
        if len(self._boxes) >= MAX_MAILBOXES:
            raise RendezvousLimitError("too many devices are linking right now: try later")
        while True:  # the numbers in use are far fewer than MAX_NUMBER
            number = 1 + self._randbelow(MAX_NUMBER)
            if number not in self._boxes:
                break
        box = _Mailbox(self._token_bytes(16), now + self.ttl)
        self._boxes[number] = box
        return number, box.token, box.expires

    def post(
        self,
        number: int,
        side: str,
        phase: str,
        body: bytes,
        token: bytes | None,
        peer: str,
        now: float,
    ) -> None:
        box = self._box(number, token if side == "A" else None, now)
        if side == "B" and phase == "pake":
            _spend(self._claims, peer, now, MAX_CLAIMS_PER_PEER)
        if (side, phase) in box.messages:
            raise SpentError("this code was already used: start again with a new code")
        box.messages[(side, phase)] = body

    def get(self, number: int, side: str, phase: str, now: float) -> bytes | None:
        """The message `side` posted for `phase`, None while there is none yet."""
        return self._box(number, None, now).messages.get((side, phase))

    def close(self, number: int, token: bytes, now: float) -> None:
        self._box(number, token, now)
        del self._boxes[number]

    def _box(self, number: int, token: bytes | None, now: float) -> _Mailbox:
        self._expire(now)
        box = self._boxes.get(number)
        if box is None or (token is not None and not secrets.compare_digest(token, box.token)):
            raise UnknownMailboxError(
                "no such code: it expired, was closed, or was never made (codes last "
                f"{int(self.ttl // 60) or 1} minutes)"
            )
        return box

    def _expire(self, now: float) -> None:
        for number in [n for n, box in self._boxes.items() if box.expires <= now]:
            del self._boxes[number]


def _spend(log: defaultdict[str, deque[float]], peer: str, now: float, limit: int) -> None:
    times = log[peer]
    while times and times[0] <= now - RATE_WINDOW:
        times.popleft()
    if len(times) >= limit:
        raise RendezvousLimitError("too many tries from this address: wait ten minutes")
    times.append(now)
    for other in [p for p, t in log.items() if not t]:
        del log[other]
