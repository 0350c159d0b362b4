"""The errors of `app.crypto`, all under one root.

CryptoError
├── DecryptionError      any AEAD or ECIES failure (one opaque message, whatever the cause)
├── InvalidKeyError      a point, scalar or encoded key that is not valid
├── SignatureError       a signature that does not verify (or is not low-S / well formed)
├── MnemonicError        a recovery phrase with an unknown word, a bad checksum or length
├── ExtendedKeyError     a BIP-32 key that is malformed or cannot be derived as asked
└── SRPError
    ├── UntrustedGroupError   a group not in the allow-list
    ├── SRPProtocolError      a value the peer must never send (A or B = 0 mod N, u = 0)
    ├── SRPServerProofError   the server's proof M2 is wrong
    └── SRPClientProofError   the client's proof M1 is wrong (wrong password or forged)
"""

from __future__ import annotations


class CryptoError(Exception):
    """Root of every error raised by app.crypto."""


class DecryptionError(CryptoError):
    """The data could not be decrypted: wrong key, or it was changed. No more is said."""

    def __init__(self, message: str = "decryption failed") -> None:
        super().__init__(message)


class InvalidKeyError(CryptoError):
    """A key or point is not valid (wrong length, not on the curve, out of range)."""


class SignatureError(CryptoError):
    """A signature did not verify."""

    def __init__(self, message: str = "signature does not verify") -> None:
        super().__init__(message)


class MnemonicError(CryptoError):
    """A recovery phrase is not valid; the message says which word or what is wrong."""


class ExtendedKeyError(InvalidKeyError):
    """A BIP-32 extended key is malformed, or the derivation asked for is impossible."""


class SRPError(CryptoError):
    """Root of the SRP-6a errors."""


class UntrustedGroupError(SRPError):
    """The SRP group offered is not one of the allowed groups."""


class SRPProtocolError(SRPError):
    """The peer sent an SRP value that must be refused (A or B = 0 mod N, u = 0)."""


class SRPServerProofError(SRPError):
    """The server's SRP proof M2 is wrong: it does not know the verifier."""

    def __init__(
        self, message: str = "the server could not prove it knows the password verifier"
    ) -> None:
        super().__init__(message)


class SRPClientProofError(SRPError):
    """The client's SRP proof M1 is wrong: wrong password, or not the account's owner."""

    def __init__(self, message: str = "the client's SRP proof is wrong") -> None:
        super().__init__(message)
