"""Rows of bench/crypto.py: primitives beside their peers, and the vault unlock."""

from __future__ import annotations

import re

from _rows import HIGHER, LOWER, Figures, Row, find, number, ratio_text

_CRYPTO_COMPARE = (
    r"^(?P<label>[^:|\n]+): (?P<ours>[\d,.]+) (?P<unit>[\w/]+) \| (?P<peer>[^|\n]+): "
    r"(?P<theirs>[\d,.]+) [\w/]+ \| ratio (?P<ratio>[\d.]+)x$"
)
_CRYPTO_EXPECTED = (
    "AES-256-GCM encrypt,",
    "AES-256-GCM decrypt,",
    "AES-256-GCM encrypt_into",
    "AES-256-GCM decrypt_into",
    "ECDSA secp256k1 sign",
    "ECDSA secp256k1 verify",
    "ECDH secp256k1",
    "BIP-32 hardened",
    "SRP-6a login",
)


def _crypto_target(label: str, value: float) -> tuple[str, bool | None]:
    if label.startswith("AES-256-GCM"):
        return ">= 1,000 MiB/s (issue 2)", value >= 1000
    if label.startswith(("ECDSA", "ECDH")):
        return ">= 5,000 ops/s (issue 2)", value >= 5000
    return "", None


def crypto(text: str) -> Figures:
    figures = Figures()
    by_label: dict[str, Row] = {}
    for match in re.finditer(_CRYPTO_COMPARE, text, re.MULTILINE):
        label, ours = match["label"].strip(), number(match["ours"])
        target, met = _crypto_target(label, ours)
        row = Row(
            label,
            f"{match['ours']} {match['unit']}",
            f"{match['peer']}: {match['theirs']} {match['unit']}",
            number(match["ratio"]),
            HIGHER,
            target,
            met,
        )
        figures.rows.append(row)
        by_label[label] = row
    for prefix in _CRYPTO_EXPECTED:
        if not any(label.startswith(prefix) for label in by_label):
            figures.missing.append(prefix)
    vault = find(
        r"^vault unlock, (?P<what>.+?): (?P<ours>[\d,]+) ms \| bare Argon2id, same "
        r"parameters: (?P<bare>[\d,]+) ms \| ratio vault / bare (?P<ratio>[\d.]+)x$",
        text,
        "vault unlock beside bare Argon2id",
        figures,
    )
    if vault:
        unlock_ms = number(vault["ours"])
        figures.rows.append(
            Row(
                f"vault unlock, {vault['what']}",
                f"{vault['ours']} ms",
                f"bare Argon2id, same parameters: {vault['bare']} ms",
                number(vault["ratio"]),
                LOWER,
                "0.1–1 s (issue 2)",
                100 <= unlock_ms <= 1000,
            )
        )
    aes = next((r for label, r in by_label.items() if label.startswith("AES-256-GCM en")), None)
    sign = by_label.get(next((k for k in by_label if k.startswith("ECDSA secp256k1 sign")), ""))
    figures.headline = (
        f"AES-256-GCM encrypt (1 MiB chunks) {aes.ours if aes else '?'}: {ratio_text(aes)} "
        f"ChaCha20-Poly1305; secp256k1 ECDSA sign {sign.ours if sign else '?'}: "
        f"{ratio_text(sign)} cryptography's generic EC path"
    )
    return figures
