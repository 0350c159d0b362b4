"""PKI: OpenPGP keystores in an append-only Merkle log, verified by every client (SPEC.md).

Modules: `merkle` (RFC 9162 trees and proofs), `heads` (signed tree heads, chain,
checkpoints, witnesses), `openpgp` (keystores, continuity, detached signatures, check
words), `verify` (the client lookup verifier), `wire` (lookup answers and checkpoints as
bytes/maps), `armor` (OpenPGP ASCII armor), `errors` (one root: `PKIError`).
"""
