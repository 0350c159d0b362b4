"""SRP-6a password login (RFC 2945 / RFC 5054) over the RFC 5054 groups, with SHA-256.

Pure integer and hash arithmetic: no I/O, randomness injected. The exact byte encodings
(which values are padded to |N|, which are minimal) are those of the `srptools` library
and are written down in SRP.md beside this module. Only the groups in `ALLOWED_GROUPS`
are accepted by `SrpClient` and `SrpServer`; the module-level math functions take any
`Group` so the RFC 5054 Appendix B vector (SHA-1, 1024 bits) can be reproduced.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from app.crypto.errors import (
    SRPClientProofError,
    SRPProtocolError,
    SRPServerProofError,
    UntrustedGroupError,
)

MIN_SALT_SIZE = 16
SALT_SIZE = 32
EPHEMERAL_SIZE = 32  # bytes of randomness in a and b (256 bits, RFC 5054 §2.5.4 minimum)
_FAKE_SALT_LABEL = b"privshare/v1/srp-fake-salt"
_FAKE_X_LABEL = b"privshare/v1/srp-fake-x"


class _Digest(Protocol):
    def digest(self) -> bytes: ...


HashFunction = Callable[[bytes], _Digest]
RandBytes = Callable[[int], bytes]


@dataclass(frozen=True)
class Group:
    """An SRP group: a safe prime `N` and a generator `g` of its large subgroup."""

    name: str
    N: int
    g: int

    @property
    def byte_length(self) -> int:
        return (self.N.bit_length() + 7) // 8

    def pad(self, value: int) -> bytes:
        """PAD(value): big-endian, left-padded with zeros to the byte length of N."""
        return value.to_bytes(self.byte_length, "big")


_N_2048 = int(
    "AC6BDB41324A9A9BF166DE5E1389582FAF72B6651987EE07FC3192943DB56050A37329CBB4A099ED8193E075"
    "7767A13DD52312AB4B03310DCD7F48A9DA04FD50E8083969EDB767B0CF6095179A163AB3661A05FBD5FAAAE8"
    "2918A9962F0B93B855F97993EC975EEAA80D740ADBF4FF747359D041D5C33EA71D281E446B14773BCA97B43A"
    "23FB801676BD207A436C6481F1D2B9078717461A5B9D32E688F87748544523B524B0D57D5EA77A2775D2ECFA"
    "032CFBDBF52FB3786160279004E57AE6AF874E7303CE53299CCC041C7BC308D82A5698F3A8D0C38271AE35F8"
    "E9DBFBB694B5C803D89F7AE435DE236D525F54759B65E372FCD68EF20FA7111F9E4AFF73",
    16,
)

_N_3072 = int(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A0879"
    "8E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B"
    "0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA4836"
    "1C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804"
    "F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6"
    "955817183995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64"
    "ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D226"
    "1AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E2"
    "08E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF",
    16,
)

_N_4096 = int(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A0879"
    "8E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B"
    "0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA4836"
    "1C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804"
    "F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6"
    "955817183995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64"
    "ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D226"
    "1AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E2"
    "08E24FA074E5AB3143DB5BFCE0FD108E4B82D120A92108011A723C12A787E6D788719A10BDBA5B2699C32718"
    "6AF4E23C1A946834B6150BDA2583E9CA2AD44CE8DBBBC2DB04DE8EF92E8EFC141FBECAA6287C59474E6BC05D"
    "99B2964FA090C3A2233BA186515BE7ED1F612970CEE2D7AFB81BDD762170481CD0069127D5B05AA993B4EA98"
    "8D8FDDC186FFB7DC90A6C08F4DF435C934063199FFFFFFFFFFFFFFFF",
    16,
)

RFC5054_2048 = Group("rfc5054-2048", _N_2048, 2)
RFC5054_3072 = Group("rfc5054-3072", _N_3072, 5)
RFC5054_4096 = Group("rfc5054-4096", _N_4096, 5)
ALLOWED_GROUPS: tuple[Group, ...] = (RFC5054_2048, RFC5054_3072, RFC5054_4096)
DEFAULT_GROUP = RFC5054_2048


def group_by_name(name: str) -> Group:
    """The allowed group called `name`, or `UntrustedGroupError`."""
    for group in ALLOWED_GROUPS:
        if group.name == name:
            return group
    raise UntrustedGroupError(f"SRP group {name!r} is not one of the allowed groups")


def check_group(modulus: int, generator: int) -> Group:
    """The allowed group with exactly this N and g, or `UntrustedGroupError`."""
    for group in ALLOWED_GROUPS:
        if group.N == modulus and group.g == generator:
            return group
    raise UntrustedGroupError("the SRP group offered is not one of the allowed groups")


def _minimal(value: int) -> bytes:
    """Big-endian bytes without leading zeros (one zero byte for 0), as srptools encodes."""
    return value.to_bytes((value.bit_length() + 7) // 8 or 1, "big")


def _hash(hash_func: HashFunction, *parts: bytes) -> bytes:
    return hash_func(b"".join(parts)).digest()


def _hash_int(hash_func: HashFunction, *parts: bytes) -> int:
    return int.from_bytes(_hash(hash_func, *parts), "big")


# --- the SRP-6a formulas (any group; the classes below enforce the allow-list) ---


def multiplier(group: Group, hash_func: HashFunction = hashlib.sha256) -> int:
    """k = H(N | PAD(g))."""
    return _hash_int(hash_func, _minimal(group.N), group.pad(group.g))


def private_key(
    salt: bytes, identity: bytes, secret: bytes, hash_func: HashFunction = hashlib.sha256
) -> int:
    """x = H(s | H(I | ":" | P)), with `secret` the already stretched password."""
    return _hash_int(hash_func, salt, _hash(hash_func, identity, b":", secret))


def make_verifier(
    group: Group,
    identity: bytes,
    secret: bytes,
    salt: bytes,
    *,
    hash_func: HashFunction = hashlib.sha256,
) -> int:
    """v = g^x mod N, the value the server stores instead of the password."""
    _require_salt(salt, ValueError)
    return pow(group.g, private_key(salt, identity, secret, hash_func), group.N)


def new_salt(randbytes: RandBytes = secrets.token_bytes) -> bytes:
    """A fresh random salt of `SALT_SIZE` bytes."""
    return randbytes(SALT_SIZE)


def client_public(group: Group, a: int) -> int:
    """A = g^a mod N."""
    return pow(group.g, a, group.N)


def server_public(group: Group, k: int, verifier: int, b: int) -> int:
    """B = (k*v + g^b) mod N."""
    return (k * verifier + pow(group.g, b, group.N)) % group.N


def scrambler(
    group: Group, client_pub: int, server_pub: int, hash_func: HashFunction = hashlib.sha256
) -> int:
    """u = H(PAD(A) | PAD(B))."""
    return _hash_int(hash_func, group.pad(client_pub), group.pad(server_pub))


def client_premaster(group: Group, k: int, x: int, a: int, u: int, server_pub: int) -> int:
    """S = (B - k*g^x) ^ (a + u*x) mod N."""
    base = (server_pub - k * pow(group.g, x, group.N)) % group.N
    return pow(base, a + u * x, group.N)


def server_premaster(group: Group, verifier: int, b: int, u: int, client_pub: int) -> int:
    """S = (A * v^u) ^ b mod N."""
    return pow(client_pub * pow(verifier, u, group.N), b, group.N)


def session_key(premaster: int, hash_func: HashFunction = hashlib.sha256) -> bytes:
    """K = H(S), S in minimal big-endian form."""
    return _hash(hash_func, _minimal(premaster))


def client_proof(
    group: Group,
    identity: bytes,
    salt: bytes,
    client_pub: int,
    server_pub: int,
    key: bytes,
    hash_func: HashFunction = hashlib.sha256,
) -> bytes:
    """M1 = H(H(N) xor H(g) | H(I) | s | A | B | K), encoded as SRP.md says."""
    n_xor_g = _hash_int(hash_func, _minimal(group.N)) ^ _hash_int(hash_func, _minimal(group.g))
    return _hash(
        hash_func,
        _minimal(n_xor_g),
        _minimal(_hash_int(hash_func, identity)),
        salt,
        _minimal(client_pub),
        _minimal(server_pub),
        key,
    )


def server_proof(
    client_pub: int, proof: bytes, key: bytes, hash_func: HashFunction = hashlib.sha256
) -> bytes:
    """M2 = H(A | M1 | K)."""
    return _hash(hash_func, _minimal(client_pub), proof, key)


def fake_verifier(
    group: Group, server_secret: bytes, identity: bytes, *, salt_size: int = SALT_SIZE
) -> tuple[bytes, int]:
    """A deterministic (salt, verifier) for an identity that has no account.

    Both come from HMAC-SHA256 keyed with `server_secret`, so the same unknown name gets
    the same salt every time and its challenge looks like a real user's.
    """
    if len(server_secret) < 32:
        raise ValueError("the server secret for fake SRP records must be at least 32 bytes")
    if not MIN_SALT_SIZE <= salt_size <= 32:
        raise ValueError(f"salt_size must be between {MIN_SALT_SIZE} and 32 bytes")
    salt = hmac.digest(server_secret, _FAKE_SALT_LABEL + identity, "sha256")[:salt_size]
    x = int.from_bytes(hmac.digest(server_secret, _FAKE_X_LABEL + identity, "sha256"), "big")
    return salt, pow(group.g, x, group.N)


# --- input checks ---


def _require_salt(salt: bytes, error: type[Exception]) -> None:
    if not isinstance(salt, bytes) or len(salt) < MIN_SALT_SIZE:
        raise error(f"an SRP salt must be at least {MIN_SALT_SIZE} bytes")


def _require_public(group: Group, value: int, what: str) -> None:
    """0 < value < N (refuses 0, N, 2N, ... and anything not reduced)."""
    if not isinstance(value, int) or isinstance(value, bool) or not 0 < value < group.N:
        raise SRPProtocolError(f"the peer's SRP public value {what} is out of range")


def _fresh_exponent(randbytes: RandBytes) -> int:
    value = int.from_bytes(randbytes(EPHEMERAL_SIZE), "big")
    if value == 0:
        raise ValueError("randbytes returned only zero bytes")
    return value


class _State(enum.Enum):
    STARTED = "started"
    PROOF_SENT = "proof sent"
    VERIFIED = "verified"
    FAILED = "failed"


def _require_state(actual: _State, expected: _State, action: str) -> None:
    if actual is not expected:
        raise ValueError(f"cannot {action}: the SRP exchange is {actual.value}")


class SrpClient:
    """The client side of one login attempt: A, then M1 from (salt, B), then check M2."""

    def __init__(
        self,
        group: Group,
        identity: bytes,
        secret: bytes,
        randbytes: RandBytes = secrets.token_bytes,
        *,
        hash_func: HashFunction = hashlib.sha256,
    ) -> None:
        self._group = check_group(group.N, group.g)
        self._identity = identity
        self._secret = secret
        self._hash = hash_func
        self._a = _fresh_exponent(randbytes)
        self._public = client_public(self._group, self._a)
        self._state = _State.STARTED
        self._expected_m2 = b""
        self._key = b""

    @property
    def public_A(self) -> int:  # noqa: N802 - the protocol's name for it
        return self._public

    def process_challenge(self, salt: bytes, server_pub: int) -> bytes:
        """Take the server's (salt, B); return the proof M1 to send."""
        _require_state(self._state, _State.STARTED, "process a challenge")
        self._state = _State.FAILED
        _require_salt(salt, SRPProtocolError)
        group, h = self._group, self._hash
        _require_public(group, server_pub, "B")
        u = scrambler(group, self._public, server_pub, h)
        if u == 0:
            raise SRPProtocolError("the SRP scrambling parameter u is zero")
        secret, self._secret = self._secret, b""
        x = private_key(salt, self._identity, secret, h)
        premaster = client_premaster(group, multiplier(group, h), x, self._a, u, server_pub)
        key = session_key(premaster, h)
        proof = client_proof(group, self._identity, salt, self._public, server_pub, key, h)
        self._expected_m2 = server_proof(self._public, proof, key, h)
        self._key = key
        self._state = _State.PROOF_SENT
        return proof

    def verify_server(self, proof: bytes) -> None:
        """Check the server's M2 (constant time); `SRPServerProofError` if wrong."""
        _require_state(self._state, _State.PROOF_SENT, "verify the server")
        if not hmac.compare_digest(proof, self._expected_m2):
            self._state = _State.FAILED
            self._key = b""
            raise SRPServerProofError()
        self._state = _State.VERIFIED

    @property
    def session_key(self) -> bytes:
        if self._state is not _State.VERIFIED:
            raise ValueError("the SRP session key is not available before the server proved itself")
        return self._key


class SrpServer:
    """The server side of one login attempt: B, then check M1 from (A, M1), return M2."""

    def __init__(
        self,
        group: Group,
        identity: bytes,
        salt: bytes,
        verifier: int,
        randbytes: RandBytes = secrets.token_bytes,
        *,
        hash_func: HashFunction = hashlib.sha256,
    ) -> None:
        self._group = check_group(group.N, group.g)
        _require_salt(salt, ValueError)
        if not 0 < verifier < self._group.N:
            raise ValueError("an SRP verifier must lie strictly between 0 and N")
        self._identity, self._salt, self._verifier = identity, salt, verifier
        self._hash = hash_func
        self._b = _fresh_exponent(randbytes)
        k = multiplier(self._group, hash_func)
        self._public = server_public(self._group, k, verifier, self._b)
        self._state = _State.STARTED
        self._key = b""

    @property
    def salt(self) -> bytes:
        return self._salt

    @property
    def public_B(self) -> int:  # noqa: N802 - the protocol's name for it
        return self._public

    def verify_client(self, client_pub: int, proof: bytes) -> bytes:
        """Check the client's (A, M1); return M2. Wrong M1 -> `SRPClientProofError`."""
        _require_state(self._state, _State.STARTED, "verify the client")
        self._state = _State.FAILED
        group, h = self._group, self._hash
        _require_public(group, client_pub, "A")
        u = scrambler(group, client_pub, self._public, h)
        if u == 0:
            raise SRPProtocolError("the SRP scrambling parameter u is zero")
        premaster = server_premaster(group, self._verifier, self._b, u, client_pub)
        key = session_key(premaster, h)
        expected = client_proof(group, self._identity, self._salt, client_pub, self._public, key, h)
        if not hmac.compare_digest(proof, expected):
            raise SRPClientProofError()
        self._key = key
        self._state = _State.VERIFIED
        return server_proof(client_pub, proof, key, h)

    @property
    def session_key(self) -> bytes:
        if self._state is not _State.VERIFIED:
            raise ValueError("the SRP session key is not available before the client proved itself")
        return self._key
