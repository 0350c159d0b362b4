"""Account-proof challenges (app/wire/account_proof.py): bound to one session, good for
the current and the previous time slot only, and the signed bytes separate actions,
users, challenges and credentials."""

from __future__ import annotations

from app.wire.account_proof import (
    CHALLENGE_SLOT,
    DELETE_ACCOUNT,
    SET_CREDENTIALS,
    challenge_for,
    challenge_is_fresh,
    proof_bytes,
)

KEY = b"k" * 32
SESSION = b"s" * 16
NOW = 1_800_000_000.0


def test_a_challenge_lives_two_to_four_minutes() -> None:
    start = (NOW // CHALLENGE_SLOT) * CHALLENGE_SLOT
    challenge = challenge_for(KEY, SESSION, start)
    assert challenge_is_fresh(KEY, SESSION, challenge, start)
    assert challenge_is_fresh(KEY, SESSION, challenge, start + 2 * CHALLENGE_SLOT - 1)
    assert not challenge_is_fresh(KEY, SESSION, challenge, start + 2 * CHALLENGE_SLOT)
    assert not challenge_is_fresh(KEY, SESSION, challenge, start - 1), "not from the future"


def test_a_challenge_belongs_to_one_session_and_one_server() -> None:
    challenge = challenge_for(KEY, SESSION, NOW)
    assert not challenge_is_fresh(KEY, b"t" * 16, challenge, NOW)
    assert not challenge_is_fresh(b"j" * 32, SESSION, challenge, NOW)
    assert not challenge_is_fresh(KEY, SESSION, bytes(32), NOW)


def test_signed_bytes_separate_every_field() -> None:
    challenge = challenge_for(KEY, SESSION, NOW)
    variants = {
        proof_bytes(SET_CREDENTIALS, "alice", challenge, b"d" * 32),
        proof_bytes(SET_CREDENTIALS, "alice", challenge, b"e" * 32),
        proof_bytes(DELETE_ACCOUNT, "alice", challenge),
        proof_bytes(DELETE_ACCOUNT, "alicf", challenge),
        proof_bytes(DELETE_ACCOUNT, "alice", bytes(32)),
        proof_bytes(DELETE_ACCOUNT, "alice" + challenge.hex()[:2], challenge[1:]),
    }
    assert len(variants) == 6
