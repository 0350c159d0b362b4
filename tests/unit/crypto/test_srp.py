"""SRP-6a client and server (app.crypto.srp): round trips and every refusal."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable

import pytest

from app.crypto import srp
from app.crypto.errors import (
    SRPClientProofError,
    SRPError,
    SRPProtocolError,
    SRPServerProofError,
    UntrustedGroupError,
)

GROUP = srp.RFC5054_2048
N = GROUP.N
IDENTITY = b"alice#example.com"
SECRET = bytes(range(32))  # stands for the PBKDF2-stretched password
SALT = bytes.fromhex("5eed") * 16


def _fixed(value: int) -> Callable[[int], bytes]:
    return lambda size: value.to_bytes(size, "big")


def _server(
    group: srp.Group = GROUP,
    randbytes: Callable[[int], bytes] = os.urandom,
) -> srp.SrpServer:
    verifier = srp.make_verifier(group, IDENTITY, SECRET, SALT)
    return srp.SrpServer(group, IDENTITY, SALT, verifier, randbytes)


def _login(client: srp.SrpClient, server: srp.SrpServer) -> tuple[bytes, bytes]:
    """Run one login; return (client's key, server's key)."""
    proof = client.process_challenge(server.salt, server.public_B)
    client.verify_server(server.verify_client(client.public_A, proof))
    return client.session_key, server.session_key


class RecordingHash:
    """SHA-256 that logs each input and can return zeros for one chosen input."""

    def __init__(self, zero_for: Callable[[bytes], bool] = lambda data: False) -> None:
        self.inputs: list[bytes] = []
        self._zero_for = zero_for

    def __call__(self, data: bytes) -> hashlib._Hash:
        self.inputs.append(data)
        if self._zero_for(data):
            return _Zero()  # type: ignore[return-value]
        return hashlib.sha256(data)


class _Zero:
    def digest(self) -> bytes:
        return bytes(32)


# --- round trips ---


@pytest.mark.parametrize("group", srp.ALLOWED_GROUPS, ids=lambda g: g.name)
def test_round_trip_each_allowed_group(group: srp.Group) -> None:
    client_key, server_key = _login(srp.SrpClient(group, IDENTITY, SECRET), _server(group))
    assert client_key == server_key
    assert len(client_key) == 32


def test_round_trip_matches_the_formulas() -> None:
    a, b = 0xA1 << 200, 0xB2 << 200
    client = srp.SrpClient(GROUP, IDENTITY, SECRET, _fixed(a))
    server = _server(randbytes=_fixed(b))
    _login(client, server)
    k = srp.multiplier(GROUP)
    x = srp.private_key(SALT, IDENTITY, SECRET)
    v = pow(GROUP.g, x, N)
    client_pub, server_pub = pow(GROUP.g, a, N), (k * v + pow(GROUP.g, b, N)) % N
    assert (client.public_A, server.public_B) == (client_pub, server_pub)
    u = srp.scrambler(GROUP, client_pub, server_pub)
    premaster = pow(client_pub * pow(v, u, N), b, N)
    minimal_premaster = premaster.to_bytes(256, "big").lstrip(b"\x00")
    assert client.session_key == server.session_key == hashlib.sha256(minimal_premaster).digest()


def test_two_logins_against_identical_server_messages_give_different_keys() -> None:
    fixed_b = _fixed(0x5EC12E7 << 220)
    first_server, second_server = _server(randbytes=fixed_b), _server(randbytes=fixed_b)
    assert first_server.public_B == second_server.public_B
    first = srp.SrpClient(GROUP, IDENTITY, SECRET)
    second = srp.SrpClient(GROUP, IDENTITY, SECRET)
    assert first.public_A != second.public_A
    first_key, _ = _login(first, first_server)
    second_key, _ = _login(second, second_server)
    assert first_key != second_key


def test_ephemeral_secrets_are_256_bits_from_randbytes() -> None:
    asked: list[int] = []

    def randbytes(size: int) -> bytes:
        asked.append(size)
        return os.urandom(size)

    srp.SrpClient(GROUP, IDENTITY, SECRET, randbytes)
    _server(randbytes=randbytes)
    assert asked == [32, 32]


def test_zero_randomness_is_refused() -> None:
    with pytest.raises(ValueError, match="zero"):
        srp.SrpClient(GROUP, IDENTITY, SECRET, _fixed(0))


# --- the client refuses bad server values ---


@pytest.mark.parametrize("bad_b", [0, N, 2 * N, N + 5, -1], ids=["0", "N", "2N", "N+5", "-1"])
def test_client_refuses_B_out_of_range_before_any_hashing(bad_b: int) -> None:
    recorder = RecordingHash()
    client = srp.SrpClient(GROUP, IDENTITY, SECRET, hash_func=recorder)
    recorder.inputs.clear()
    with pytest.raises(SRPProtocolError):
        client.process_challenge(SALT, bad_b)
    assert recorder.inputs == []  # neither u, x, K nor M1 was computed


def test_client_refuses_u_zero_before_computing_M1() -> None:
    server = _server()
    client_holder: list[srp.SrpClient] = []

    def is_u_input(data: bytes) -> bool:
        client = client_holder[0]
        return data == GROUP.pad(client.public_A) + GROUP.pad(server.public_B)

    recorder = RecordingHash(zero_for=is_u_input)
    client_holder.append(srp.SrpClient(GROUP, IDENTITY, SECRET, hash_func=recorder))
    recorder.inputs.clear()
    with pytest.raises(SRPProtocolError, match="u is zero"):
        client_holder[0].process_challenge(SALT, server.public_B)
    assert len(recorder.inputs) == 1 and is_u_input(recorder.inputs[0])


def test_server_refuses_u_zero() -> None:
    client = srp.SrpClient(GROUP, IDENTITY, SECRET)
    server_holder: list[srp.SrpServer] = []

    def is_u_input(data: bytes) -> bool:
        return data == GROUP.pad(client.public_A) + GROUP.pad(server_holder[0].public_B)

    verifier = srp.make_verifier(GROUP, IDENTITY, SECRET, SALT)
    recorder = RecordingHash(zero_for=lambda data: bool(server_holder) and is_u_input(data))
    server_holder.append(srp.SrpServer(GROUP, IDENTITY, SALT, verifier, hash_func=recorder))
    with pytest.raises(SRPProtocolError, match="u is zero"):
        server_holder[0].verify_client(client.public_A, b"\x00" * 32)


def test_client_refuses_short_salt_from_server() -> None:
    client = srp.SrpClient(GROUP, IDENTITY, SECRET)
    with pytest.raises(SRPProtocolError, match="salt"):
        client.process_challenge(b"\x01" * 15, _server().public_B)


def test_wrong_M2_is_refused_and_no_key_is_released() -> None:
    client, server = srp.SrpClient(GROUP, IDENTITY, SECRET), _server()
    proof = client.process_challenge(server.salt, server.public_B)
    good_m2 = server.verify_client(client.public_A, proof)
    bad_m2 = bytes([good_m2[0] ^ 1]) + good_m2[1:]
    with pytest.raises(SRPServerProofError):
        client.verify_server(bad_m2)
    with pytest.raises(ValueError, match="before the server proved itself"):
        _ = client.session_key
    with pytest.raises(ValueError):  # a failed exchange stays failed
        client.verify_server(good_m2)


def test_session_key_only_after_server_proved_itself() -> None:
    client, server = srp.SrpClient(GROUP, IDENTITY, SECRET), _server()
    with pytest.raises(ValueError, match="before the server proved itself"):
        _ = client.session_key
    client.process_challenge(server.salt, server.public_B)
    with pytest.raises(ValueError, match="before the server proved itself"):
        _ = client.session_key


def test_client_call_order_is_enforced() -> None:
    client, server = srp.SrpClient(GROUP, IDENTITY, SECRET), _server()
    with pytest.raises(ValueError):
        client.verify_server(b"\x00" * 32)
    client.process_challenge(server.salt, server.public_B)
    with pytest.raises(ValueError):
        client.process_challenge(server.salt, server.public_B)


# --- the server refuses bad client values ---


@pytest.mark.parametrize("bad_a", [0, N, 2 * N, N + 2, -N], ids=["0", "N", "2N", "N+2", "-N"])
def test_server_refuses_A_out_of_range(bad_a: int) -> None:
    server = _server()
    # the classic bypass: with A = 0 mod N, S = 0 and the attacker knows K
    forged = srp.client_proof(GROUP, IDENTITY, SALT, bad_a % N, server.public_B, srp.session_key(0))
    with pytest.raises(SRPProtocolError):
        server.verify_client(bad_a, forged)
    with pytest.raises(ValueError, match="before the client proved itself"):
        _ = server.session_key


def test_wrong_password_gives_client_proof_error() -> None:
    client = srp.SrpClient(GROUP, IDENTITY, b"not the password")
    server = _server()
    proof = client.process_challenge(server.salt, server.public_B)
    with pytest.raises(SRPClientProofError):
        server.verify_client(client.public_A, proof)
    with pytest.raises(ValueError):  # no second guess on the same server state
        server.verify_client(client.public_A, proof)


def test_wrong_M1_bytes_give_client_proof_error() -> None:
    client, server = srp.SrpClient(GROUP, IDENTITY, SECRET), _server()
    proof = client.process_challenge(server.salt, server.public_B)
    with pytest.raises(SRPClientProofError):
        server.verify_client(client.public_A, proof[:-1] + bytes([proof[-1] ^ 0x80]))
    assert issubclass(SRPClientProofError, SRPError)


def test_server_refuses_bad_construction() -> None:
    verifier = srp.make_verifier(GROUP, IDENTITY, SECRET, SALT)
    with pytest.raises(ValueError, match="salt"):
        srp.SrpServer(GROUP, IDENTITY, SALT[:15], verifier)
    for bad_verifier in (0, N, N + 1):
        with pytest.raises(ValueError, match="verifier"):
            srp.SrpServer(GROUP, IDENTITY, SALT, bad_verifier)
    with pytest.raises(ValueError, match="salt"):
        srp.make_verifier(GROUP, IDENTITY, SECRET, b"short")


# --- groups ---


def test_group_by_name() -> None:
    assert srp.group_by_name("rfc5054-2048") is srp.RFC5054_2048
    assert srp.group_by_name("rfc5054-4096") is srp.RFC5054_4096
    assert srp.DEFAULT_GROUP is srp.RFC5054_2048
    with pytest.raises(UntrustedGroupError):
        srp.group_by_name("rfc5054-1024")


@pytest.mark.parametrize("bad_g", [0, 1, 3, N - 1, N, N + 2])
def test_check_group_refuses_other_generators(bad_g: int) -> None:
    with pytest.raises(UntrustedGroupError):
        srp.check_group(N, bad_g)


def test_check_group_refuses_other_moduli() -> None:
    for modulus in (N + 2, N - 2, N * 3, 23, srp.RFC5054_3072.N):
        with pytest.raises(UntrustedGroupError):
            srp.check_group(modulus, 2)


def test_client_and_server_refuse_a_group_not_in_the_list() -> None:
    weak = srp.Group("rfc5054-2048", 2**127 - 1, 3)  # a famous name does not help
    with pytest.raises(UntrustedGroupError):
        srp.SrpClient(weak, IDENTITY, SECRET)
    with pytest.raises(UntrustedGroupError):
        srp.SrpServer(weak, IDENTITY, SALT, 5)


def test_pad_is_modulus_width() -> None:
    assert GROUP.pad(2) == bytes(255) + b"\x02"
    assert len(srp.RFC5054_4096.pad(1)) == 512


# --- unknown users ---


def test_fake_verifier_is_deterministic_and_per_identity() -> None:
    secret = b"k" * 32
    salt, verifier = srp.fake_verifier(GROUP, secret, b"mallory")
    assert (salt, verifier) == srp.fake_verifier(GROUP, secret, b"mallory")
    assert salt != srp.fake_verifier(GROUP, secret, b"mallorz")[0]
    assert salt != srp.fake_verifier(GROUP, b"j" * 32, b"mallory")[0]
    assert len(salt) == len(srp.new_salt()) == srp.SALT_SIZE
    assert 1 < verifier < N


def test_fake_verifier_gives_a_normal_challenge_and_a_normal_failure() -> None:
    salt, verifier = srp.fake_verifier(GROUP, os.urandom(32), b"nobody")
    server = srp.SrpServer(GROUP, b"nobody", salt, verifier)
    assert 0 < server.public_B < N
    client = srp.SrpClient(GROUP, b"nobody", SECRET)
    proof = client.process_challenge(server.salt, server.public_B)
    with pytest.raises(SRPClientProofError):  # same error as a wrong password
        server.verify_client(client.public_A, proof)


def test_fake_verifier_refuses_weak_parameters() -> None:
    with pytest.raises(ValueError):
        srp.fake_verifier(GROUP, b"short", b"x")
    with pytest.raises(ValueError):
        srp.fake_verifier(GROUP, b"k" * 32, b"x", salt_size=8)
