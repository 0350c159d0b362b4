"""The device-link exchange in memory (app/services/devices/pairing.py, DEVICES.md §2)."""

from __future__ import annotations

import hmac

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from spake2 import SPAKE2_B

from app.crypto.bip39 import WORDLIST
from app.services.devices.pairing import (
    CodeFormatError,
    LinkCode,
    Pairing,
    WrongCodeError,
)

CODE = LinkCode(7, ("guitar", "ocean"))


def paired(code_a: LinkCode, code_b: LinkCode) -> tuple[Pairing, Pairing]:
    a, b = Pairing(code_a, "A"), Pairing(code_b, "B")
    a.finish(b.message)
    b.finish(a.message)
    return a, b


def test_the_same_code_gives_the_same_words_and_opens_the_payload() -> None:
    a, b = paired(CODE, LinkCode.parse(" 7-Guitar-OCEAN "))
    a.check(b.confirmation)
    b.check(a.confirmation)
    assert a.verification_words == b.verification_words
    assert len(a.verification_words) == 4 and set(a.verification_words) <= set(WORDLIST)
    assert b.open(a.seal(b"the account")) == b"the account"


def test_a_wrong_code_fails_on_both_sides() -> None:
    a, b = paired(CODE, LinkCode(7, ("guitar", "oak")))
    with pytest.raises(WrongCodeError, match="the code was wrong"):
        a.check(b.confirmation)
    with pytest.raises(WrongCodeError):
        b.check(a.confirmation)
    assert a.verification_words != b.verification_words
    with pytest.raises(WrongCodeError):
        b.open(a.seal(b"secret"))


def test_the_payload_is_bound_to_its_sender_and_to_its_bytes() -> None:
    a, b = paired(CODE, CODE)
    with pytest.raises(WrongCodeError):
        a.open(a.seal(b"reflected"))  # B's key opens only what A sealed
    sealed = bytearray(a.seal(b"secret"))
    sealed[-1] ^= 1
    with pytest.raises(WrongCodeError):
        b.open(bytes(sealed))
    assert a.confirmation != b.confirmation  # a reflected confirmation does not pass
    with pytest.raises(WrongCodeError):
        a.check(a.confirmation)


def test_the_spec_rebuilt_from_the_reference_spake2_and_pyca() -> None:
    """DEVICES.md §2 from independent parts: the library's plain SPAKE2_B with the
    documented password and identities, HKDF and AES-GCM from pyca/cryptography."""
    a = Pairing(CODE, "A")
    b = SPAKE2_B(
        b"7-guitar-ocean", idA=b"privshare/v1/device-link/A", idB=b"privshare/v1/device-link/B"
    )
    message_b = b.start()
    key = b.finish(a.message)
    a.finish(message_b)

    def hkdf(purpose: str, length: int = 32) -> bytes:
        info = f"privshare/v1/device-link/{purpose}".encode()
        return HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=info).derive(key)

    confirm = hmac.new(hkdf("confirm"), b"privshare/v1/device-link/confirm/A", "sha256")
    assert a.confirmation == confirm.digest()
    value = int.from_bytes(hkdf("verification-words", 8), "big")
    assert a.verification_words == tuple(WORDLIST[(value >> (11 * j)) & 0x7FF] for j in range(4))
    sealed = a.seal(b"the account")
    aad = b"privshare/v1/device-link/payload/A"
    assert AESGCM(hkdf("payload")).decrypt(sealed[:12], sealed[12:], aad) == b"the account"


@pytest.mark.parametrize(
    "text", ["guitar-ocean", "7-guitar", "0-guitar-ocean", "12345-a-b", "7-guitar-notaword", ""]
)
def test_malformed_codes(text: str) -> None:
    with pytest.raises(CodeFormatError, match="is not a link code"):
        LinkCode.parse(text)


def test_generated_codes_parse_back() -> None:
    picks = iter([5, 2047])
    code = LinkCode.generate(42, lambda n: next(picks))
    assert str(code) == f"42-{WORDLIST[5]}-{WORDLIST[2047]}"
    assert LinkCode.parse(str(code)) == code


def test_nothing_before_finish() -> None:
    with pytest.raises(RuntimeError):
        _ = Pairing(CODE, "A").verification_words
