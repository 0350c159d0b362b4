"""Fresh proofs for the account methods a stolen session must not reach.

`setCredentials` and `deleteAccount` carry `challenge` and `signature`: the client asks
`accountChallenge` for a challenge bound to its own login session and the current time
slot, and signs `proof_bytes` with the account's identity key (m/2', the registered
login key). Ticket thieves hold the session, never that key, so they cannot change the
password or delete the account. The signed bytes name the action, the user and (for
`setCredentials`) a digest of the new credentials, so a proof is good for one request
only (app/services/account/ACCOUNTS.md §4).

    proof_bytes = label("account-proof") ‖ lp(action) ‖ lp(username) ‖ lp(challenge)
                  ‖ lp(request digest)
    credentials digest = SHA-256(lp(group) ‖ lp(salt) ‖ lp(verifier) ‖ lp(kdf algorithm)
                  ‖ u32(kdf iterations) ‖ lp(kdf salt) ‖ lp(privData) ‖ lp(login key or ""))

The server derives the challenge, keeping nothing:
`HMAC-SHA256(key, lp(session id) ‖ u64(slot))` with `slot = floor(now / CHALLENGE_SLOT)`;
it accepts the current and the previous slot, so a challenge lives 2 to 4 minutes.
"""

from __future__ import annotations

import hashlib
import hmac

from app.wire.encoding import label, lp, lp_str, u32, u64

__all__ = [
    "CHALLENGE_SIZE",
    "CHALLENGE_SLOT",
    "DELETE_ACCOUNT",
    "SET_CREDENTIALS",
    "challenge_for",
    "challenge_is_fresh",
    "credentials_digest",
    "proof_bytes",
]

SET_CREDENTIALS = "set-credentials"
DELETE_ACCOUNT = "delete-account"
CHALLENGE_SIZE = 32
CHALLENGE_SLOT = 120


def proof_bytes(action: str, username: str, challenge: bytes, digest: bytes = b"") -> bytes:
    """What the identity key signs to authorise `action` on `username`'s account."""
    return label("account-proof") + lp_str(action) + lp_str(username) + lp(challenge) + lp(digest)


def credentials_digest(
    *,
    group: str,
    salt: bytes,
    verifier: bytes,
    kdf_algorithm: str,
    kdf_iterations: int,
    kdf_salt: bytes,
    priv_data: bytes,
    login_key: bytes | None,
) -> bytes:
    """SHA-256 over the new credentials of a `setCredentials` request, field by field."""
    fields = lp_str(group) + lp(salt) + lp(verifier) + lp_str(kdf_algorithm) + u32(kdf_iterations)
    fields += lp(kdf_salt) + lp(priv_data) + lp(login_key or b"")
    return hashlib.sha256(fields).digest()


def challenge_for(key: bytes, session_id: bytes, now: float) -> bytes:
    """The server's challenge for this session in the time slot of `now`."""
    return _challenge(key, session_id, int(now // CHALLENGE_SLOT))


def challenge_is_fresh(key: bytes, session_id: bytes, challenge: bytes, now: float) -> bool:
    """True when `challenge` is this session's for the current or the previous slot."""
    slot = int(now // CHALLENGE_SLOT)
    found = False
    for candidate in (slot, slot - 1):
        found |= hmac.compare_digest(_challenge(key, session_id, candidate), challenge)
    return found


def _challenge(key: bytes, session_id: bytes, slot: int) -> bytes:
    return hmac.new(key, lp(session_id) + u64(max(slot, 0)), hashlib.sha256).digest()
