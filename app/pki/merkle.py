"""RFC 9162 §2.1 Merkle trees: tree hash, inclusion and consistency proofs.

Hashing (SHA-256): a leaf is `H(0x00 ‖ data)`, an interior node `H(0x01 ‖ left ‖ right)`,
and the empty tree is `H("")`. A tree of n > 1 leaves splits at k, the largest power of
two smaller than n: `MTH(D[n]) = H(0x01 ‖ MTH(D[0:k]) ‖ MTH(D[k:n]))`.

`MerkleTree` keeps the hash of every complete, aligned power-of-two subtree, so the root
and proofs for *any* past size are computed in O(log² n) hashes; the module-level
functions are the pure, list-in/bytes-out forms. Verifiers follow RFC 9162 §2.1.3.2 and
§2.1.4.2 to the letter and raise `ProofError`; they never return a flag to forget.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Sequence

from .errors import PKIUsageError, ProofError

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(data: bytes) -> bytes:
    """The RFC 9162 hash of one leaf: SHA-256(0x00 ‖ data)."""
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """The RFC 9162 hash of an interior node: SHA-256(0x01 ‖ left ‖ right)."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two strictly smaller than n (n >= 2)."""
    return 1 << ((n - 1).bit_length() - 1)


class MerkleTree:
    """An append-only tree of leaf hashes, able to prove any of its past sizes."""

    def __init__(self, leaf_hashes: Iterable[bytes] = ()) -> None:
        # _levels[k][i] = hash of the complete subtree over leaves [i*2^k, (i+1)*2^k)
        self._levels: list[list[bytes]] = [[]]
        for h in leaf_hashes:
            self.append(h)

    @property
    def size(self) -> int:
        return len(self._levels[0])

    def append(self, leaf: bytes) -> int:
        """Add one leaf *hash*; return its index."""
        if len(leaf) != HASH_SIZE:
            raise PKIUsageError("a leaf hash is 32 bytes")
        index = self.size
        self._levels[0].append(leaf)
        level, position = 0, index
        while position % 2 == 1:
            row = self._levels[level]
            parent = node_hash(row[position - 1], row[position])
            if len(self._levels) == level + 1:
                self._levels.append([])
            self._levels[level + 1].append(parent)
            level, position = level + 1, position // 2
        return index

    def leaf(self, index: int) -> bytes:
        self._check_index(index, self.size)
        return self._levels[0][index]

    def root(self, size: int | None = None) -> bytes:
        """MTH of the first `size` leaves (default: all of them)."""
        size = self._check_size(size)
        return EMPTY_ROOT if size == 0 else self._range_hash(0, size)

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        """RFC 9162 §2.1.3.1 PATH(index, D[0:size])."""
        size = self._check_size(size)
        self._check_index(index, size)
        return self._path(index, 0, size)

    def consistency_proof(self, old_size: int, new_size: int | None = None) -> list[bytes]:
        """RFC 9162 §2.1.4.1 PROOF(old_size, D[0:new_size]); empty when nothing to prove."""
        new_size = self._check_size(new_size)
        if not 0 <= old_size <= new_size:
            raise PKIUsageError(f"cannot prove {old_size} -> {new_size}: sizes must not shrink")
        if old_size in (0, new_size):
            return []
        return self._subproof(old_size, 0, new_size, True)

    def _check_size(self, size: int | None) -> int:
        if size is None:
            return self.size
        if not 0 <= size <= self.size:
            raise PKIUsageError(f"tree size {size} is outside 0..{self.size}")
        return size

    @staticmethod
    def _check_index(index: int, size: int) -> None:
        if not 0 <= index < size:
            raise PKIUsageError(f"leaf index {index} is outside a tree of {size}")

    def _range_hash(self, start: int, n: int) -> bytes:
        if n & (n - 1) == 0 and start % n == 0:
            return self._levels[n.bit_length() - 1][start // n]
        k = _split(n)
        return node_hash(self._range_hash(start, k), self._range_hash(start + k, n - k))

    def _path(self, m: int, start: int, n: int) -> list[bytes]:
        if n == 1:
            return []
        k = _split(n)
        if m < k:
            return [*self._path(m, start, k), self._range_hash(start + k, n - k)]
        return [*self._path(m - k, start + k, n - k), self._range_hash(start, k)]

    def _subproof(self, m: int, start: int, n: int, complete: bool) -> list[bytes]:
        if m == n:
            return [] if complete else [self._range_hash(start, n)]
        k = _split(n)
        if m <= k:
            return [*self._subproof(m, start, k, complete), self._range_hash(start + k, n - k)]
        return [*self._subproof(m - k, start + k, n - k, False), self._range_hash(start, k)]


def root_hash(leaf_hashes: Sequence[bytes]) -> bytes:
    """MTH over a list of leaf hashes."""
    return MerkleTree(leaf_hashes).root()


def inclusion_proof(leaf_hashes: Sequence[bytes], index: int) -> list[bytes]:
    """The audit path of leaf `index` in the tree over `leaf_hashes`."""
    return MerkleTree(leaf_hashes).inclusion_proof(index)


def consistency_proof(leaf_hashes: Sequence[bytes], old_size: int) -> list[bytes]:
    """The proof that the first `old_size` leaves are a prefix of `leaf_hashes`."""
    return MerkleTree(leaf_hashes).consistency_proof(old_size)


def _check_hashes(proof: Sequence[bytes]) -> None:
    if any(len(p) != HASH_SIZE for p in proof):
        raise ProofError("a proof element is not a 32-byte hash")


def root_from_inclusion_proof(index: int, size: int, leaf: bytes, proof: Sequence[bytes]) -> bytes:
    """RFC 9162 §2.1.3.2: the root an inclusion proof leads to, or `ProofError`."""
    if not 0 <= index < size or len(leaf) != HASH_SIZE:
        raise ProofError("inclusion proof: leaf index outside the tree")
    _check_hashes(proof)
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            raise ProofError("inclusion proof is too long")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise ProofError("inclusion proof is too short")
    return r


def verify_inclusion(
    index: int, size: int, leaf: bytes, proof: Sequence[bytes], root: bytes
) -> None:
    """Check that `leaf` (a leaf hash) sits at `index` of the tree of `size` with `root`."""
    computed = root_from_inclusion_proof(index, size, leaf, proof)
    if not hmac.compare_digest(computed, root):
        raise ProofError("inclusion proof does not lead to the tree root")


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> None:
    """RFC 9162 §2.1.4.2: check that tree (old_size, old_root) is a prefix of the new one."""
    _check_hashes(proof)
    if not 0 <= old_size <= new_size:
        raise ProofError("consistency proof: the tree shrank")
    if old_size == 0 or old_size == new_size:
        expected = EMPTY_ROOT if old_size == 0 else new_root
        if proof or not hmac.compare_digest(old_root, expected):
            raise ProofError("consistency proof: trees of this size must match with no proof")
        return
    path = list(proof)
    if not path:
        raise ProofError("consistency proof is empty")
    if old_size & (old_size - 1) == 0:
        path.insert(0, old_root)
    fr, sr = _fold_consistency(old_size, new_size, path)
    if not (hmac.compare_digest(fr, old_root) & hmac.compare_digest(sr, new_root)):
        raise ProofError("consistency proof does not lead to both roots")


def _fold_consistency(old_size: int, new_size: int, path: list[bytes]) -> tuple[bytes, bytes]:
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise ProofError("consistency proof is too long")
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise ProofError("consistency proof is too short")
    return fr, sr
