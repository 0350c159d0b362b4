"""RFC 9162 Merkle trees: published reference hashes, a from-the-definition oracle,
every size 1..300, and tampered proofs."""

from __future__ import annotations

import hashlib

import pytest
import vector_report

from app.pki import merkle
from app.pki.errors import PKIUsageError, ProofError

# Certificate Transparency reference data, transparency-dev/merkle testonly/constants.go and
# testonly/reference_test.go (Apache-2.0): leaf inputs, roots of sizes 0..8, and the
# reference inclusion and consistency proofs over them.
CT_SOURCE = "transparency-dev/merkle testonly (embedded)"
CT_LEAVE_HEX = "|00|10|2021|3031|40414243|5051525354555657|606162636465666768696a6b6c6d6e6f"
CT_LEAVES = [bytes.fromhex(h) for h in CT_LEAVE_HEX.split("|")]
CT_ROOTS = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
H96 = "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"
H6E = "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"
H5F = "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"
HBC = "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"
H6B = "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"
HCA = "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"
HD3 = "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"
HFA = "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"
H0E = "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"
CT_INCLUSION = [  # (index, size, proof)
    (0, 1, []),
    (0, 2, [H96]),
    (1, 2, [H6E]),
    (2, 3, [HFA]),
    (1, 5, [H6E, H5F, HBC]),
    (0, 8, [H96, H5F, H6B]),
    (5, 8, [HBC, HCA, HD3]),
]
CT_CONSISTENCY = [  # (old size, new size, proof)
    (1, 1, []),
    (1, 8, [H96, H5F, H6B]),
    (2, 5, [H5F, HBC]),
    (6, 8, [H0E, HCA, HD3]),
]


def _hexes(proof: list[bytes]) -> list[str]:
    return [p.hex() for p in proof]


def test_ct_reference_roots_and_proofs() -> None:
    tree = merkle.MerkleTree(merkle.leaf_hash(d) for d in CT_LEAVES)
    for size, want in enumerate(CT_ROOTS):
        assert tree.root(size).hex() == want, f"root of size {size}"
        vector_report.record(CT_SOURCE, "pass")
    for index, size, want in CT_INCLUSION:
        got = tree.inclusion_proof(index, size)
        assert _hexes(got) == want, f"inclusion {index}/{size}"
        merkle.verify_inclusion(index, size, tree.leaf(index), got, tree.root(size))
        vector_report.record(CT_SOURCE, "pass")
    for old, new, want in CT_CONSISTENCY:
        got = tree.consistency_proof(old, new)
        assert _hexes(got) == want, f"consistency {old}->{new}"
        merkle.verify_consistency(old, new, tree.root(old), tree.root(new), got)
        vector_report.record(CT_SOURCE, "pass")


# --- an oracle written straight from the RFC's recursive definitions ------------------


def _ref_mth(d: list[bytes]) -> bytes:
    if not d:
        return hashlib.sha256(b"").digest()
    if len(d) == 1:
        return hashlib.sha256(b"\x00" + d[0]).digest()
    k = 1
    while k * 2 < len(d):
        k *= 2
    return hashlib.sha256(b"\x01" + _ref_mth(d[:k]) + _ref_mth(d[k:])).digest()


def _ref_path(m: int, d: list[bytes]) -> list[bytes]:
    if len(d) == 1:
        return []
    k = 1
    while k * 2 < len(d):
        k *= 2
    if m < k:
        return [*_ref_path(m, d[:k]), _ref_mth(d[k:])]
    return [*_ref_path(m - k, d[k:]), _ref_mth(d[:k])]


def _ref_subproof(m: int, d: list[bytes], b: bool) -> list[bytes]:
    n = len(d)
    if m == n:
        return [] if b else [_ref_mth(d)]
    k = 1
    while k * 2 < n:
        k *= 2
    if m <= k:
        return [*_ref_subproof(m, d[:k], b), _ref_mth(d[k:])]
    return [*_ref_subproof(m - k, d[k:], False), _ref_mth(d[:k])]


DATA = [f"entry {i}".encode() for i in range(300)]
TREE = merkle.MerkleTree(merkle.leaf_hash(d) for d in DATA)


def test_matches_the_rfc_definitions_for_small_trees() -> None:
    for n in range(1, 41):
        d = DATA[:n]
        assert TREE.root(n) == _ref_mth(d) == merkle.root_hash([merkle.leaf_hash(x) for x in d])
        for m in range(n):
            assert TREE.inclusion_proof(m, n) == _ref_path(m, d), (m, n)
        for m in range(1, n):
            assert TREE.consistency_proof(m, n) == _ref_subproof(m, d, True), (m, n)


def test_pure_functions_agree_with_the_tree() -> None:
    hashes = [merkle.leaf_hash(x) for x in DATA[:77]]
    assert merkle.inclusion_proof(hashes, 40) == TREE.inclusion_proof(40, 77)
    assert merkle.consistency_proof(hashes, 33) == TREE.consistency_proof(33, 77)
    assert merkle.root_hash([]) == merkle.EMPTY_ROOT


def test_every_leaf_of_every_size_up_to_300_proves_inclusion() -> None:
    for n in range(1, 301):
        root = TREE.root(n)
        for m in range(n):
            proof = TREE.inclusion_proof(m, n)
            merkle.verify_inclusion(m, n, TREE.leaf(m), proof, root)


def test_every_pair_of_sizes_up_to_300_proves_consistency() -> None:
    roots = [TREE.root(n) for n in range(301)]
    for n in range(1, 301):
        for m in range(0, n + 1):
            proof = TREE.consistency_proof(m, n)
            merkle.verify_consistency(m, n, roots[m], roots[n], proof)


def _flips(proof: list[bytes]) -> list[list[bytes]]:
    out = []
    for i, p in enumerate(proof):
        for bit in (0, 255):
            bad = bytearray(p)
            bad[bit // 8] ^= 1 << (bit % 8)
            out.append([*proof[:i], bytes(bad), *proof[i + 1 :]])
    return out


def _shape(m: int, n: int) -> list[bool]:
    """Which side each proof element joins on: the only thing a size changes."""
    sides, fn, sn = [], m, n - 1
    while sn:
        left = bool(fn & 1) or fn == sn
        sides.append(left)
        if left:
            while not fn & 1 and fn:
                fn, sn = fn >> 1, sn >> 1
        fn, sn = fn >> 1, sn >> 1
    return sides


def test_tampered_inclusion_proofs_are_rejected() -> None:
    for n in (*range(1, 34), 63, 64, 65, 127, 128, 129, 255, 256, 257, 300):
        root = TREE.root(n)
        for m in sorted({0, 1 % n, n // 2, n - 2 if n > 1 else 0, n - 1}):
            leaf, proof = TREE.leaf(m), TREE.inclusion_proof(m, n)
            bad_cases: list[tuple[int, int, bytes, list[bytes]]] = [
                (m, n, leaf, p) for p in _flips(proof)
            ]
            bad_cases += [
                (m, n, merkle.leaf_hash(b"other"), proof),
                (m, n, leaf, [*proof, proof[0] if proof else leaf]),
                (m, n, leaf, proof[::-1]) if len(proof) > 1 else (m, n, leaf, [root]),
            ]
            if proof:
                bad_cases += [(m, n, leaf, proof[:-1]), (m, n, leaf, proof[1:])]
            if n > 1:
                bad_cases.append(((m + 1) % n, n, leaf, proof))
            # A proof only fixes the size up to the shape of the path (the signed head
            # fixes the rest): another size is rejected whenever its path differs.
            for other in (n - 1, n + 1):
                if 0 < other <= 300 and m < other:
                    if _shape(m, other) != _shape(m, n):
                        bad_cases.append((m, other, leaf, proof))
            bad_cases += [(n, n, leaf, proof), (-1, n, leaf, proof)]
            for index, size, lf, p in bad_cases:
                with pytest.raises(ProofError):
                    merkle.verify_inclusion(index, size, lf, p, root)


def test_tampered_consistency_proofs_are_rejected() -> None:
    roots = [TREE.root(n) for n in range(301)]
    pairs = [(m, n) for n in range(2, 34) for m in range(1, n)]
    pairs += [(m, n) for n in (64, 65, 129, 300) for m in (1, 2, 31, 32, 33, n - 1)]
    for m, n in pairs:
        proof = TREE.consistency_proof(m, n)
        bad_cases = [(m, n, roots[m], roots[n], p) for p in _flips(proof)]
        bad_cases += [
            (m, n, roots[m], roots[n], proof[:-1]),
            (m, n, roots[m], roots[n], proof[1:]),
            (m, n, roots[m], roots[n], [*proof, roots[m]]),
            (m, n, roots[m], roots[n], []),
            (m, n, roots[m - 1], roots[n], proof),
            (m, n, roots[m], roots[n - 1], proof),
            (n, m, roots[n], roots[m], proof),
            (m, n, merkle.leaf_hash(b"forged"), roots[n], proof),
        ]
        if m + 1 < n:
            bad_cases.append((m + 1, n, roots[m + 1], roots[n], proof))
        for old, new, r1, r2, p in bad_cases:
            with pytest.raises(ProofError):
                merkle.verify_consistency(old, new, r1, r2, p)


def test_degenerate_consistency_cases() -> None:
    merkle.verify_consistency(0, 5, merkle.EMPTY_ROOT, TREE.root(5), [])
    merkle.verify_consistency(7, 7, TREE.root(7), TREE.root(7), [])
    with pytest.raises(ProofError):
        merkle.verify_consistency(7, 7, TREE.root(7), TREE.root(6), [])
    with pytest.raises(ProofError):
        merkle.verify_consistency(7, 7, TREE.root(7), TREE.root(7), [TREE.root(7)])
    with pytest.raises(ProofError):
        merkle.verify_consistency(0, 5, TREE.root(1), TREE.root(5), [])
    with pytest.raises(ProofError):
        merkle.verify_consistency(3, 5, TREE.root(3), TREE.root(5), [b"short"])


def test_a_forked_tree_fails_consistency() -> None:
    forked = merkle.MerkleTree(merkle.leaf_hash(d) for d in DATA[:50])
    forked.append(merkle.leaf_hash(b"a different entry 50"))
    for i in range(51, 60):
        forked.append(TREE.leaf(i))
    with pytest.raises(ProofError):
        merkle.verify_consistency(
            51, 60, TREE.root(51), forked.root(60), forked.consistency_proof(51, 60)
        )
    # The honest tree's prefix 50 is still consistent with the fork's 60: no false alarm.
    merkle.verify_consistency(50, 60, TREE.root(50), forked.root(60), forked.consistency_proof(50))


def test_misuse_is_reported_as_usage_errors() -> None:
    with pytest.raises(PKIUsageError):
        TREE.inclusion_proof(5, 5)
    with pytest.raises(PKIUsageError):
        TREE.root(301)
    with pytest.raises(PKIUsageError):
        TREE.consistency_proof(6, 5)
    with pytest.raises(PKIUsageError):
        merkle.MerkleTree().append(b"not a hash")
    assert merkle.MerkleTree().root() == merkle.EMPTY_ROOT
