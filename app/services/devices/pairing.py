"""The cryptography of linking a device, with no I/O (DEVICES.md §2).

    code = LinkCode.generate(mailbox)             # "7-guitar-ocean": shown on device A
    a = Pairing(code, "A"); b = Pairing(LinkCode.parse(text), "B")
    a.finish(b.message); b.finish(a.message)      # SPAKE2: both get K, or different Ks
    b.check(a.confirmation); a.check(b.confirmation)   # WrongCodeError when they differ
    a.verification_words == b.verification_words  # both screens show these
    b.open(a.seal(payload))                       # AES-256-GCM under a key from K

SPAKE2 (the `spake2` package, as magic-wormhole uses it) on Ed25519 with the whole code
as the password and the identities "privshare/v1/device-link/A" and ".../B". From its
32-byte key K: `HKDF(K, "privshare/v1/device-link/<purpose>")` for the confirmation
key, the verification words and the payload key.
"""

from __future__ import annotations

import hmac
import os
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from app.crypto import aead
from app.crypto.bip39 import WORDLIST
from app.crypto.errors import DecryptionError
from app.crypto.kdf import derive_key, hmac_sha256
from app.services.errors import AuthenticationFailedError, InvalidInputError

__all__ = [
    "CODE_WORDS",
    "VERIFICATION_WORDS",
    "CodeFormatError",
    "LinkCode",
    "Pairing",
    "Side",
    "WrongCodeError",
]

Side = Literal["A", "B"]
CODE_WORDS = 2
VERIFICATION_WORDS = 4
_WORD_INDEX = {word: index for index, word in enumerate(WORDLIST)}
_CODE = re.compile(r"([1-9][0-9]{0,3})((?:-[a-z]+){" + str(CODE_WORDS) + "})")
_ID_A = b"privshare/v1/device-link/A"
_ID_B = b"privshare/v1/device-link/B"
_NONCE_SIZE = 12


class CodeFormatError(InvalidInputError):
    """The text typed is not a link code."""


class WrongCodeError(AuthenticationFailedError):
    """The two devices used different codes (a typo, or someone else's attempt)."""


@dataclass(frozen=True)
class LinkCode:
    """A mailbox number and two words of the BIP-39 English list (22 bits of secret)."""

    mailbox: int
    words: tuple[str, ...]

    def __str__(self) -> str:
        return "-".join((str(self.mailbox), *self.words))

    @classmethod
    def generate(
        cls, mailbox: int, randbelow: Callable[[int], int] = secrets.randbelow
    ) -> LinkCode:
        return cls(mailbox, tuple(WORDLIST[randbelow(len(WORDLIST))] for _ in range(CODE_WORDS)))

    @classmethod
    def parse(cls, text: str) -> LinkCode:
        found = _CODE.fullmatch(text.strip().lower())
        words = tuple(found.group(2)[1:].split("-")) if found else ()
        if found is None or not all(word in _WORD_INDEX for word in words):
            raise CodeFormatError(
                f"{text.strip()!r} is not a link code: type it as shown on the other device, "
                "such as 7-guitar-ocean"
            )
        return cls(int(found.group(1)), words)


class Pairing:
    """One side of the exchange; `finish` must be called before the rest."""

    def __init__(
        self, code: LinkCode, side: Side, entropy: Callable[[int], bytes] = os.urandom
    ) -> None:
        from spake2 import SPAKE2_A, SPAKE2_B  # only when linking: 0.02 s per start

        role = SPAKE2_A if side == "A" else SPAKE2_B
        self.side = side
        self._spake = role(str(code).encode("ascii"), idA=_ID_A, idB=_ID_B, entropy_f=entropy)
        self.message: bytes = self._spake.start()
        self._key: bytes | None = None

    def finish(self, peer_message: bytes) -> None:
        from spake2 import SPAKEError

        try:
            self._key = self._spake.finish(peer_message)
        except (SPAKEError, ValueError):
            raise WrongCodeError("the other device sent a malformed link message") from None

    def _derived(self, purpose: str, length: int = 32) -> bytes:
        if self._key is None:
            raise RuntimeError("finish() the key exchange first")
        return derive_key(self._key, f"device-link/{purpose}", length=length)

    @property
    def confirmation(self) -> bytes:
        return self._confirmation_of(self.side)

    def _confirmation_of(self, side: Side) -> bytes:
        return hmac_sha256(
            self._derived("confirm"), b"privshare/v1/device-link/confirm/" + side.encode()
        )

    def check(self, peer_confirmation: bytes) -> None:
        """The other side's confirmation; a different code gives a different K."""
        other: Side = "B" if self.side == "A" else "A"
        if not hmac.compare_digest(peer_confirmation, self._confirmation_of(other)):
            raise WrongCodeError(
                "the code was wrong (mistyped, or not the one shown): it is spent now; "
                "run `privshare device add` again for a new code"
            )

    @property
    def verification_words(self) -> tuple[str, ...]:
        """Words both screens show: 11 bits each from K."""
        value = int.from_bytes(self._derived("verification-words", 8), "big")
        return tuple(WORDLIST[(value >> (11 * i)) & 0x7FF] for i in range(VERIFICATION_WORDS))

    def seal(
        self, payload: bytes, randbytes: Callable[[int], bytes] = secrets.token_bytes
    ) -> bytes:
        """AES-256-GCM under the payload key, nonce first; the AAD names the sender."""
        nonce = randbytes(_NONCE_SIZE)
        return nonce + aead.encrypt(self._derived("payload"), nonce, payload, self._aad(self.side))

    def open(self, sealed: bytes) -> bytes:
        other: Side = "B" if self.side == "A" else "A"
        try:
            nonce, body = sealed[:_NONCE_SIZE], sealed[_NONCE_SIZE:]
            return aead.decrypt(self._derived("payload"), nonce, body, self._aad(other))
        except (DecryptionError, ValueError):
            raise WrongCodeError("the account data from the other device does not open") from None

    @staticmethod
    def _aad(sender: Side) -> bytes:
        return b"privshare/v1/device-link/payload/" + sender.encode()
