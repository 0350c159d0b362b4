"""SRP-6a against independent implementations.

`srptools` (pure Python, SHA-256 injected, RFC 5054 2048-bit group) must agree with us
on every value of a login in both directions: our client against its server and its
client against our server give the same K, M1 and M2. The `srp` package (pysrp, in
RFC 5054 mode) uses another M1 encoding (SRP.md says how), so it is checked on what it
shares with us: A, B, and the session key K (hence k, x, u and S).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator

import pytest
import srp as pysrp
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from srptools import SRPClientSession, SRPContext, SRPServerSession
from srptools.constants import PRIME_2048, PRIME_2048_GEN

from app.crypto import srp

GROUP = srp.RFC5054_2048
SLOW_BIGINT = settings(
    max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

identities = st.binary(min_size=0, max_size=48)
secrets_ = st.binary(min_size=0, max_size=64)
salts = st.binary(min_size=srp.MIN_SALT_SIZE, max_size=48)
exponents = st.integers(min_value=1, max_value=2**256 - 1)
# an identity whose SHA-256 starts with a zero byte, and a salt that does: the two
# places where minimal and fixed-width encodings part ways (SRP.md)
ZERO_LED_IDENTITY = b"user159"
ZERO_LED_SALT = b"\x00" + bytes(range(1, 17))


def _minimal(value: int) -> bytes:
    return value.to_bytes((value.bit_length() + 7) // 8, "big")


def _randbytes(value: int) -> Callable[[int], bytes]:
    return lambda size: value.to_bytes(size, "big")


def _context(identity: bytes, secret: bytes) -> SRPContext:
    # srptools types username/password as str, but hashes bytes unchanged
    return SRPContext(
        identity,
        secret,
        prime=PRIME_2048,
        generator=PRIME_2048_GEN,
        hash_func=hashlib.sha256,
    )


@pytest.mark.slow
@SLOW_BIGINT
@given(identities, secrets_, salts, exponents, exponents)
@example(ZERO_LED_IDENTITY, b"pw", ZERO_LED_SALT, 3, 5)
def test_our_client_against_srptools_server(
    identity: bytes, secret: bytes, salt: bytes, a: int, b: int
) -> None:
    context = _context(identity, secret)
    verifier = srp.make_verifier(GROUP, identity, secret, salt)
    assert verifier == context.get_common_password_verifier(context.get_common_password_hash(salt))
    their_server = SRPServerSession(context, password_verifier=verifier, private=b)
    client = srp.SrpClient(GROUP, identity, secret, _randbytes(a))

    m1 = client.process_challenge(salt, int(their_server.public, 16))
    their_server.process(GROUP.pad(client.public_A), salt)
    assert m1 == their_server.key_proof_bin
    assert their_server.verify_proof(m1)
    client.verify_server(their_server.key_proof_hash_bin)
    assert client.session_key == their_server.key_bin


@pytest.mark.slow
@SLOW_BIGINT
@given(identities, secrets_, salts, exponents, exponents)
@example(ZERO_LED_IDENTITY, b"pw", ZERO_LED_SALT, 3, 5)
def test_srptools_client_against_our_server(
    identity: bytes, secret: bytes, salt: bytes, a: int, b: int
) -> None:
    verifier = srp.make_verifier(GROUP, identity, secret, salt)
    server = srp.SrpServer(GROUP, identity, salt, verifier, _randbytes(b))
    their_client = SRPClientSession(_context(identity, secret), private=a)

    their_client.process(GROUP.pad(server.public_B), salt)
    m2 = server.verify_client(int(their_client.public, 16), their_client.key_proof_bin)
    assert m2 == their_client.key_proof_hash_bin
    assert their_client.verify_proof(m2)
    assert server.session_key == their_client.key_bin


@pytest.fixture
def pysrp_rfc5054() -> Iterator[None]:
    pysrp.rfc5054_enable(True)  # module-global switch in pysrp; restored below
    try:
        yield
    finally:
        pysrp.rfc5054_enable(False)


# pysrp reads the salt as an integer, so a leading zero byte would be dropped
pysrp_salts = salts.filter(lambda salt: salt[0] != 0)
pysrp_exponents = st.binary(min_size=32, max_size=32).filter(any)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(identities, secrets_, pysrp_salts, pysrp_exponents, pysrp_exponents)
def test_pysrp_agrees_on_A_B_and_session_key(
    pysrp_rfc5054: None, identity: bytes, secret: bytes, salt: bytes, a: bytes, b: bytes
) -> None:
    verifier = srp.make_verifier(GROUP, identity, secret, salt)
    server = srp.SrpServer(GROUP, identity, salt, verifier, lambda size: b)
    client = srp.SrpClient(GROUP, identity, secret, lambda size: a)
    their_verifier = pysrp.Verifier(
        identity,
        salt,
        GROUP.pad(verifier),
        GROUP.pad(client.public_A),
        hash_alg=pysrp.SHA256,
        ng_type=pysrp.NG_2048,
        bytes_b=b,
    )
    assert their_verifier.get_challenge()[1] == _minimal(server.public_B)
    their_user = pysrp.User(identity, secret, pysrp.SHA256, pysrp.NG_2048, bytes_a=a)
    assert their_user.start_authentication()[1] == _minimal(client.public_A)
    assert their_user.process_challenge(salt, GROUP.pad(server.public_B)) is not None

    proof = client.process_challenge(salt, server.public_B)
    client.verify_server(server.verify_client(client.public_A, proof))
    assert client.session_key == their_user.K == server.session_key


def test_pysrp_verifier_matches_ours(pysrp_rfc5054: None) -> None:
    checked = 0
    for attempt in range(8):
        identity, secret = b"carol#example.org", f"stretched {attempt}".encode()
        salt, their_v = pysrp.create_salted_verification_key(
            identity, secret, pysrp.SHA256, pysrp.NG_2048, salt_len=20
        )
        if len(salt) < srp.MIN_SALT_SIZE:  # pysrp drops leading zero bytes
            continue
        assert srp.make_verifier(GROUP, identity, secret, salt) == int.from_bytes(their_v, "big")
        checked += 1
    assert checked >= 4
