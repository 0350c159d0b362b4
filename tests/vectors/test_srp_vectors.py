"""SRP-6a against RFC 5054: the Appendix B known-answer case and the Appendix A groups.

Appendix B uses SHA-1 and the 1024-bit group, which logins refuse, so it is run through
the module's SRP-6a formulas (the same functions SrpClient and SrpServer call) with
SHA-1 injected.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
import vector_report
from srptools import constants as srptools_constants

from app.crypto import srp
from app.crypto.errors import UntrustedGroupError

SOURCE = "rfc5054_srp6a.json"
DATA = json.loads((Path(__file__).parent / "srp" / SOURCE).read_text("utf-8"))
GROUPS: dict[str, dict[str, object]] = DATA["groups_appendix_a"]
ALLOWED_BITS = {"2048": srp.RFC5054_2048, "3072": srp.RFC5054_3072, "4096": srp.RFC5054_4096}


def _hex(name: str) -> int:
    return int(DATA["appendix_b_vector"][name], 16)


def _group_from_file(bits: str) -> srp.Group:
    entry = GROUPS[bits]
    return srp.Group(f"rfc5054-{bits}", int(str(entry["N"]), 16), int(str(entry["g"])))


def test_appendix_b_sha1_1024() -> None:
    vector = DATA["appendix_b_vector"]
    assert vector["H"] == "sha1" and vector["group_bits"] == 1024
    group = _group_from_file("1024")
    sha1 = hashlib.sha1
    identity, password = vector["I"].encode(), vector["P"].encode()
    salt = bytes.fromhex(vector["s"])
    a, b = _hex("a"), _hex("b")

    k = srp.multiplier(group, sha1)
    assert k == _hex("k"), "k"
    x = srp.private_key(salt, identity, password, sha1)
    assert x == _hex("x"), "x"
    v = srp.make_verifier(group, identity, password, salt, hash_func=sha1)
    assert v == _hex("v"), "v"
    client_pub = srp.client_public(group, a)
    assert client_pub == _hex("A"), "A"
    server_pub = srp.server_public(group, k, v, b)
    assert server_pub == _hex("B"), "B"
    u = srp.scrambler(group, client_pub, server_pub, sha1)
    assert u == _hex("u"), "u"
    assert srp.client_premaster(group, k, x, a, u, server_pub) == _hex("S"), "client S"
    assert srp.server_premaster(group, v, b, u, client_pub) == _hex("S"), "server S"
    vector_report.record(SOURCE, "pass")


@pytest.mark.parametrize("bits", [str(bits) for bits in sorted(map(int, GROUPS))])
def test_appendix_a_group(bits: str) -> None:
    from_file = _group_from_file(bits)
    if bits in ALLOWED_BITS:
        ours = ALLOWED_BITS[bits]
        assert (ours.N, ours.g) == (from_file.N, from_file.g), f"group {bits} differs from RFC"
        assert ours.N.bit_length() == int(bits)
        assert srp.check_group(from_file.N, from_file.g) is ours
        # an independent transcription of the same constants
        assert ours.N == int(getattr(srptools_constants, f"PRIME_{bits}"), 16)
        assert ours.g == int(getattr(srptools_constants, f"PRIME_{bits}_GEN"), 16)
    else:
        with pytest.raises(UntrustedGroupError):
            srp.check_group(from_file.N, from_file.g)
    vector_report.record(SOURCE, "pass")
