"""The errors of `app.pki`, all under one root.

PKIError
├── PKIUsageError         you misused the API (an index out of range, a size that shrinks)
├── KeystoreError         keystore bytes that are not a well-formed, well-signed keystore
├── ProofError            a Merkle proof or a signed head that does not verify
├── UntrustedKeyError     a looked-up key that cannot be trusted: no valid proof, a bad
│                         head or witness signature, a name that does not match, a broken
│                         chain of key revisions
├── KTConsistencyError    the log contradicts what this client saw before: a fork (split
│                         view), a rollback, a dropped revision
└── UnknownUserError      the server says it has no keystore for this name

`KeystoreError`, `ProofError`, `UntrustedKeyError` and `KTConsistencyError` mean the peer
(a server or another user) misbehaved or the data was damaged; `PKIUsageError` means the
caller did something the API does not allow.
"""

from __future__ import annotations


class PKIError(Exception):
    """Root of every error raised by app.pki."""


class PKIUsageError(PKIError, ValueError):
    """The caller used the API in a way it does not allow."""


class KeystoreError(PKIError):
    """Keystore bytes are malformed, use something we do not support, or fail a check."""


class ProofError(PKIError):
    """A Merkle inclusion/consistency proof or a signed tree head does not verify."""


class UntrustedKeyError(PKIError):
    """The key the server returned cannot be trusted; do not encrypt to it."""


class KTConsistencyError(PKIError):
    """The key-transparency log contradicts an earlier view: fork, rollback or dropped revision."""


class UnknownUserError(PKIError):
    """The server says no keystore is published under this name."""
