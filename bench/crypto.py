"""Throughput of Privshare's primitives, each beside a peer measured in the same run.

Run `python bench/crypto.py` (or `make bench`). One line per figure, with units; where a
peer exists the line ends with our/peer ratio (above 1 = we are faster). The whole run
takes about 20 s on 2 cores. Numbers are wall-clock on a shared machine: compare
lines of one run, not runs of different days.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
import time
from collections.abc import Callable

from bip_utils import Bip32Slip10Secp256k1
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from srptools import SRPClientSession, SRPContext, SRPServerSession
from srptools.constants import PRIME_2048, PRIME_2048_GEN

from app.crypto import aead, bip32, ecc, kdf, srp

MiB = 1024 * 1024
ROUNDS = 3  # ours and the peer alternate, so both see the same load from other processes
BUDGET = 0.35  # seconds of timed work per round


def rate(operation: Callable[[], object], budget: float = BUDGET) -> float:
    """Operations per second of `operation`, timed over about `budget` seconds."""
    done, start = 0, time.perf_counter()
    elapsed = 0.0
    while elapsed < budget:
        operation()
        done += 1
        elapsed = time.perf_counter() - start
    return done / elapsed


def compare(
    label: str,
    ours: Callable[[], object],
    peer_name: str,
    peer: Callable[[], object],
    unit: str,
) -> None:
    """Print the best-of-rounds rate of ours and of the peer, and ours/peer."""
    ours(), peer()  # warm up
    ours_rates, peer_rates = [], []
    for _ in range(ROUNDS):
        ours_rates.append(rate(ours))
        peer_rates.append(rate(peer))
    mine, theirs = max(ours_rates), max(peer_rates)
    print(
        f"{label}: {mine:,.1f} {unit} | {peer_name}: {theirs:,.1f} {unit}"
        f" | ratio {mine / theirs:.2f}x",
        flush=True,
    )


def bench_aead() -> None:
    chunk, nonce, aad = os.urandom(MiB), os.urandom(12), b"file-version|0|0"
    ours = aead.Aead(os.urandom(32))
    peer = ChaCha20Poly1305(os.urandom(32))
    sealed, peer_sealed = ours.encrypt(nonce, chunk, aad), peer.encrypt(nonce, chunk, aad)
    peer_name = "ChaCha20-Poly1305 (cryptography)"
    compare(
        "AES-256-GCM encrypt, 1 MiB chunks (app.crypto.aead.Aead.encrypt)",
        lambda: ours.encrypt(nonce, chunk, aad),
        peer_name,
        lambda: peer.encrypt(nonce, chunk, aad),
        "MiB/s",
    )
    compare(
        "AES-256-GCM decrypt, 1 MiB chunks (app.crypto.aead.Aead.decrypt)",
        lambda: ours.decrypt(nonce, sealed, aad),
        peer_name,
        lambda: peer.decrypt(nonce, peer_sealed, aad),
        "MiB/s",
    )
    sealed_out, opened_out = bytearray(MiB + aead.TAG_SIZE), bytearray(MiB)
    compare(
        "AES-256-GCM encrypt_into, 1 MiB chunks, reused buffer (app.crypto.aead.Aead)",
        lambda: ours.encrypt_into(nonce, chunk, aad, sealed_out),
        peer_name + " encrypt_into",
        lambda: peer.encrypt_into(nonce, chunk, aad, sealed_out),
        "MiB/s",
    )
    compare(
        "AES-256-GCM decrypt_into, 1 MiB chunks, reused buffer (app.crypto.aead.Aead)",
        lambda: ours.decrypt_into(nonce, sealed, aad, opened_out),
        peer_name + " decrypt_into",
        lambda: peer.decrypt_into(nonce, peer_sealed, aad, opened_out),
        "MiB/s",
    )


def bench_ecdsa_ecdh() -> None:
    message = b"privshare/v1/bench" + os.urandom(64)
    key, other = ecc.PrivateKey.generate(), ecc.PrivateKey.generate()
    signature, public, other_public = key.sign(message), key.public_key, other.public_key
    generic = ec.generate_private_key(ec.SECP256K1())
    generic_other = ec.generate_private_key(ec.SECP256K1()).public_key()
    algorithm = ec.ECDSA(hashes.SHA256())
    generic_signature = generic.sign(message, algorithm)
    generic_public = generic.public_key()
    peer_name = "cryptography generic EC path (OpenSSL)"
    compare(
        "ECDSA secp256k1 sign (app.crypto.ecc, coincurve)",
        lambda: key.sign(message),
        peer_name,
        lambda: generic.sign(message, algorithm),
        "ops/s",
    )
    compare(
        "ECDSA secp256k1 verify (app.crypto.ecc, coincurve)",
        lambda: public.verify(signature, message),
        peer_name,
        lambda: generic_public.verify(generic_signature, message, algorithm),
        "ops/s",
    )
    compare(
        "ECDH secp256k1 (app.crypto.ecc, coincurve)",
        lambda: key.ecdh(other_public),
        peer_name,
        lambda: generic.exchange(ec.ECDH(), generic_other),
        "ops/s",
    )


def bench_bip32() -> None:
    seed = hashlib.sha512(b"privshare bench seed").digest()
    ours, peer = bip32.ExtendedKey.from_seed(seed), Bip32Slip10Secp256k1.FromSeed(seed)
    same = ours.child(7).to_xprv() == peer.ChildKey(bip32.HARDENED + 7).PrivateKey().ToExtended()
    if not same:
        raise SystemExit("BIP-32: app.crypto.bip32 and bip-utils disagree; not benchmarking")
    counter = iter(range(1 << 30))
    compare(
        "BIP-32 hardened child derivation (app.crypto.bip32)",
        lambda: ours.child(next(counter)),
        "bip-utils",
        lambda: peer.ChildKey(bip32.HARDENED + next(counter)),
        "derivations/s",
    )


class _MemoryKeystore:
    """Keeps the bench away from the real OS keyring."""

    def __init__(self) -> None:
        self._keys: dict[bytes, bytes] = {}

    def load(self, slot_id: bytes) -> bytes | None:
        return self._keys.get(slot_id)

    def save(self, slot_id: bytes, key: bytes) -> None:
        self._keys[slot_id] = key

    def delete(self, slot_id: bytes) -> None:
        self._keys.pop(slot_id, None)


def _seconds(operation: Callable[[], object]) -> float:
    start = time.perf_counter()
    operation()
    return time.perf_counter() - start


# FORMAT.md §3 "default for new vaults", used only if app.vault cannot be imported
DOCUMENTED_VAULT_KDF = (3, 192 * MiB)


def _bare_argon2id(password: str, ops: int, mem: int) -> Callable[[], object]:
    salt = os.urandom(kdf.ARGON2ID_SALT_SIZE)
    return lambda: kdf.argon2id(password.encode(), salt, ops_limit=ops, mem_limit=mem)


def bench_vault_unlock() -> None:
    password = "correct horse battery staple 42"
    try:
        from app.vault import DEFAULT_KDF, Vault
    except ImportError:
        ops, mem = DOCUMENTED_VAULT_KDF
        bare = _bare_argon2id(password, ops, mem)
        best = min(_seconds(bare) for _ in range(ROUNDS))
        print(
            f"vault unlock: app.vault not importable, so bare Argon2id (app.crypto.kdf) with the"
            f" vault's documented parameters ({ops} passes, {mem // MiB} MiB):"
            f" {best * 1000:,.0f} ms best of {ROUNDS}",
            flush=True,
        )
        return
    ops, mem, store = DEFAULT_KDF.ops_limit, DEFAULT_KDF.mem_limit, _MemoryKeystore()
    bare = _bare_argon2id(password, ops, mem)
    with tempfile.TemporaryDirectory(prefix="privshare-bench-") as root:
        Vault.create(root, password, now=time.time(), keystore=store)

        def unlock() -> None:
            vault = Vault.open(root, keystore=store)
            vault.unlock(password)
            vault.lock()

        ours, raw = [], []
        for _ in range(ROUNDS):
            ours.append(_seconds(unlock))
            raw.append(_seconds(bare))
    print(
        f"vault unlock, open + unlock + lock (app.vault, Argon2id {ops} passes,"
        f" {mem // MiB} MiB): {min(ours) * 1000:,.0f} ms | bare Argon2id, same parameters:"
        f" {min(raw) * 1000:,.0f} ms | ratio vault / bare {min(ours) / min(raw):.2f}x",
        flush=True,
    )


def _our_login(identity: bytes, secret: bytes, salt: bytes, verifier: int) -> None:
    server = srp.SrpServer(srp.RFC5054_2048, identity, salt, verifier)
    client = srp.SrpClient(srp.RFC5054_2048, identity, secret)
    proof = client.process_challenge(server.salt, server.public_B)
    client.verify_server(server.verify_client(client.public_A, proof))


def _srptools_login(identity: bytes, secret: bytes, salt: bytes, verifier: int) -> None:
    def context() -> SRPContext:
        return SRPContext(
            identity,
            secret,
            prime=PRIME_2048,
            generator=PRIME_2048_GEN,
            hash_func=hashlib.sha256,
            bits_random=256,
        )

    server = SRPServerSession(context(), password_verifier=verifier)
    client = SRPClientSession(context())
    client.process(server.public_bin, salt)
    server.process(client.public_bin, salt)
    assert server.verify_proof(client.key_proof_bin)
    assert client.verify_proof(server.key_proof_hash_bin)


def bench_srp() -> None:
    identity, secret, salt = b"alice#example.com", os.urandom(32), srp.new_salt()
    verifier = srp.make_verifier(srp.RFC5054_2048, identity, secret, salt)
    compare(
        "SRP-6a login, client + server math, 2048-bit group, SHA-256 (app.crypto.srp)",
        lambda: _our_login(identity, secret, salt, verifier),
        "srptools, same group, 256-bit a/b",
        lambda: _srptools_login(identity, secret, salt, verifier),
        "logins/s",
    )


def _malloc_settings() -> str:
    shown = []
    for name in ("MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_"):
        value = os.environ.get(name)
        shown.append(f"{name}={value + ' bytes' if value else 'unset (glibc dynamic default)'}")
    text = ", ".join(shown)
    if os.environ.get("MALLOC_MMAP_THRESHOLD_") and not os.environ.get("MALLOC_TRIM_THRESHOLD_"):
        # a fixed mmap threshold also freezes the 128 KiB trim threshold: every freed
        # 1 MiB buffer is handed back to the kernel and faulted in again (~3x slower AEAD)
        text += " (warning: mmap threshold without trim threshold)"
    return text


def main() -> int:
    print(f"crypto bench: Python {sys.version.split()[0]}, {_malloc_settings()}", flush=True)
    print(f"best of {ROUNDS} alternating rounds of {BUDGET} s; ratio = ours / peer", flush=True)
    started = time.perf_counter()
    bench_aead()
    bench_ecdsa_ecdh()
    bench_bip32()
    bench_vault_unlock()
    bench_srp()
    print(f"total bench time: {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
