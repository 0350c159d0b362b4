"""Turns the lines each bench/*.py script prints into table rows for docs/performance.md.

One parser per script. A parser reads only what the script printed in this run; an
expected line that is absent is reported as missing (the report then marks the section
incomplete and `make bench` fails), never filled in. Ratios are ours / peer; `better`
says which side of 1 favours Privshare.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from _peers import AGE, GPG, OPENSSL

HIGHER, LOWER = "> 1", "< 1"  # which ratio favours us: throughput vs time


@dataclass(frozen=True)
class Row:
    figure: str
    ours: str
    peer: str = "no peer measured"
    ratio: float | None = None
    better: str = ""
    target: str = ""
    met: bool | None = None


@dataclass
class Figures:
    rows: list[Row] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    headline: str = ""


def number(text: str) -> float:
    return float(text.replace(",", ""))


def find(pattern: str, text: str, what: str, figures: Figures) -> re.Match[str] | None:
    """The first line matching `pattern`; records `what` as missing when there is none."""
    found = re.search(pattern, text, re.MULTILINE)
    if found is None:
        figures.missing.append(what)
    return found


def ratio_text(row: Row | None) -> str:
    return "?" if row is None or row.ratio is None else f"{row.ratio:.2f}×"


def verdict(row: Row | None) -> str:
    if row is None or row.met is None:
        return ""
    target = re.sub(r" \(issue \d+\)$", "", row.target)
    return f" (target {target}: {'met' if row.met else 'NOT met'})"


# ---- bench/crypto.py ------------------------------------------------------------------

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


# ---- bench/chunks.py ------------------------------------------------------------------


def _chunks_peer(name: str, text: str, ours: Row, ids: Row, figures: Figures) -> Row | None:
    escaped = re.escape(name)
    if re.search(rf"^\s*{escaped}: skipped", text, re.MULTILINE):
        figures.missing.append(f"{name} (not installed)")
        return None
    speed = find(rf"^\s*{escaped}: (\d+) MiB/s$", text, name, figures)
    plain = find(rf"^\s*ratio ours / {escaped}: ([\d.]+)", text, f"ours / {name}", figures)
    with_ids = find(
        rf"^\s*ratio ours with block ids / {escaped}: ([\d.]+)",
        text,
        f"ours with block ids / {name}",
        figures,
    )
    if not (speed and plain and with_ids):
        return None
    target, met = ("", None) if name != AGE else (">= 1.2 (issue 5)", number(plain[1]) >= 1.2)
    peer = f"{name}: {speed[1]} MiB/s"
    row = Row(ours.figure, ours.ours, peer, number(plain[1]), HIGHER, target, met)
    figures.rows.append(row)
    figures.rows.append(Row(ids.figure, ids.ours, peer, number(with_ids[1]), HIGHER))
    return row


def chunks(text: str) -> Figures:
    figures = Figures()
    size = find(r"^chunks: (\d+) MiB file", text, "file size", figures)
    ours = find(r"privshare chunk format:\s+(\d+) MiB/s", text, "chunk format", figures)
    ids = find(r"plus SHA-256 block ids \(upload path\):\s+(\d+) MiB/s", text, "ids", figures)
    raw = find(r"raw AES-256-GCM, same chunks:\s+(\d+) MiB/s", text, "raw AES-GCM", figures)
    vs_raw = find(r"ratio ours / raw AES-GCM: ([\d.]+)", text, "ours / raw", figures)
    if not (ours and ids):
        return figures
    mib = size[1] if size else "?"
    our_row = Row(f"encrypt a {mib} MiB file: chunk format", f"{ours[1]} MiB/s")
    ids_row = Row(
        f"encrypt a {mib} MiB file: chunk format + SHA-256 block ids (upload path)",
        f"{ids[1]} MiB/s",
    )
    if raw and vs_raw:
        peer = f"raw AES-256-GCM, same chunks: {raw[1]} MiB/s"
        figures.rows.append(Row(our_row.figure, our_row.ours, peer, number(vs_raw[1]), HIGHER))
    found = {
        name: _chunks_peer(name, text, our_row, ids_row, figures) for name in (AGE, OPENSSL, GPG)
    }
    age_ids = [r for r in figures.rows if r.figure == ids_row.figure and r.peer.startswith(AGE)]
    with_ids_vs_age = age_ids[0] if age_ids else None
    figures.headline = (
        f"file encryption, chunk format {our_row.ours}: {ratio_text(found[AGE])} age -r"
        f"{verdict(found[AGE])}, {ratio_text(found[OPENSSL])} openssl enc -aes-256-ctr "
        f"(not authenticated), {ratio_text(found[GPG])} gpg --symmetric; with the SHA-256 "
        f"block ids an upload adds, {ids_row.ours}: {ratio_text(with_ids_vs_age)} age -r"
    )
    return figures


# ---- bench/transfer.py ----------------------------------------------------------------


def _transfer_direction(verb: str, peer: str, text: str, figures: Figures) -> Row | None:
    found = find(
        rf"^{verb} (\d+) MiB: privshare (\d+) MiB/s, plain HTTP {peer} (\d+) MiB/s, "
        r"ratio ([\d.]+)",
        text,
        f"{verb} beside plain HTTP {peer}",
        figures,
    )
    if found is None:
        return None
    ratio = number(found[4])
    row = Row(
        f"{verb} a {found[1]} MiB file through the real server (loopback)",
        f"{found[2]} MiB/s",
        f"plain HTTP {peer} (aiohttp, same disk): {found[3]} MiB/s",
        ratio,
        HIGHER,
        ">= 0.6 (issue 5)",
        ratio >= 0.6,
    )
    figures.rows.append(row)
    return row


def _transfer_extras(text: str, figures: Figures) -> None:
    cpu = find(
        r"^upload CPU per MiB: server ([\d.]+) ms, client ([\d.]+) ms",
        text,
        "upload CPU per MiB",
        figures,
    )
    if cpu:
        figures.rows.append(Row("upload CPU per MiB (server, client)", f"{cpu[1]} ms, {cpu[2]} ms"))
    enc = find(
        r"^encrypt (\d+) MiB: chunk format (\d+) MiB/s \(with SHA-256 block ids "
        r"(\d+)\), age -r (\d+) MiB/s, ratio ([\d.]+)",
        text,
        "encrypt vs age",
        figures,
    )
    if enc:
        figures.rows.append(
            Row(
                f"encrypt the {enc[1]} MiB file: chunk format (with block ids {enc[3]} MiB/s)",
                f"{enc[2]} MiB/s",
                f"age -r: {enc[4]} MiB/s",
                number(enc[5]),
                HIGHER,
                ">= 1.2 (issue 5)",
                number(enc[5]) >= 1.2,
            )
        )
    rss = find(
        r"^client peak RSS: (\d+) MiB upload (\d+) MB \(target <= 150\), download "
        r"(\d+) MB",
        text,
        "client peak RSS",
        figures,
    )
    if rss:
        figures.rows.append(
            Row(
                f"client peak RSS, {rss[1]} MiB upload",
                f"{rss[2]} MB",
                target="<= 150 MB (issue 5)",
                met=number(rss[2]) <= 150,
            )
        )
        figures.rows.append(Row(f"client peak RSS, {rss[1]} MiB download", f"{rss[3]} MB"))
    big = re.search(
        r"^client peak RSS: (\d+) MiB upload (\d+) MB \((\d+) MiB/s\)", text, re.MULTILINE
    )
    skipped = re.search(r"^client peak RSS: (\d+) MiB upload skipped \((.*)\)", text, re.M)
    if big and rss:
        grows = number(big[2]) > 1.1 * number(rss[2])
        figures.rows.append(
            Row(
                f"client peak RSS, {big[1]} MiB upload ({big[3]} MiB/s)",
                f"{big[2]} MB",
                target=f"no growth: <= 1.1 × the {rss[1]} MiB figure (issue 5)",
                met=not grows,
            )
        )
    elif skipped:
        figures.rows.append(
            Row(f"client peak RSS, {skipped[1]} MiB upload", f"skipped: {skipped[2]}")
        )
    else:
        figures.missing.append("client peak RSS of the big upload")


def transfer(text: str) -> Figures:
    figures = Figures()
    up = _transfer_direction("upload", "PUT", text, figures)
    down = _transfer_direction("download", "GET", text, figures)
    _transfer_extras(text, figures)
    small = find(
        r"^(\d+) files of 4 KiB uploaded: (\d+) files/s \(([\d.]+) s\)",
        text,
        "small files",
        figures,
    )
    if small:
        figures.rows.append(Row(f"{small[1]} files of 4 KiB uploaded", f"{small[2]} files/s"))
    listing = find(r"^listing a folder of (\d+) entries: ([\d.]+) s", text, "listing", figures)
    if listing:
        figures.rows.append(Row(f"listing a folder of {listing[1]} entries", f"{listing[2]} s"))
    figures.headline = (
        f"transfers through the real server: upload {up.ours if up else '?'} = "
        f"{ratio_text(up)} plain HTTP PUT{verdict(up)}; download "
        f"{down.ours if down else '?'} = {ratio_text(down)} plain HTTP GET{verdict(down)}"
    )
    return figures


# ---- bench/channel.py -----------------------------------------------------------------


def channel(text: str) -> Figures:
    figures = Figures()
    for label in ("1 thread", "4 threads"):
        calls = find(rf"^small calls, {label}: ([\d,]+) calls/s", text, label, figures)
        if calls is None:
            continue
        row = Row(f"small-call round trips, {label}, one channel", f"{calls[1]} calls/s")
        if label == "4 threads":
            row = replace(row, target=">= 1,000 calls/s (issue 3)", met=number(calls[1]) >= 1000)
        figures.rows.append(row)
    for pattern, what in (
        (r"new channel: ecdhe \+ tickets \+ first call", "new channel"),
        (r"SRP login \(incl\. PBKDF2 210k\)", "SRP login"),
    ):
        found = find(rf"^({pattern}): median ([\d.]+) ms \(n=(\d+)\)", text, what, figures)
        if found:
            figures.rows.append(Row(f"{found[1]} (median of {found[3]})", f"{found[2]} ms"))
    ours = find(r"^bulk 1 MiB via channel: ([\d,]+) MiB/s", text, "bulk channel", figures)
    plain = find(r"^bulk 1 MiB via plain HTTP POST: ([\d,]+) MiB/s", text, "bulk plain", figures)
    ratio = find(
        r"^bulk ratio channel/plain: (\d+)% \(median of (\d+) interleaved rounds, "
        r"(\d+)%\.\.(\d+)%",
        text,
        "bulk ratio",
        figures,
    )
    bulk = None
    if ours and plain and ratio:
        value = number(ratio[1]) / 100
        bulk = Row(
            f"bulk 1 MiB payloads (ratio: median of {ratio[2]} interleaved rounds, "
            f"{ratio[3]}%..{ratio[4]}%)",
            f"{ours[1]} MiB/s",
            f"plain HTTP POST, same server: {plain[1]} MiB/s",
            value,
            HIGHER,
            ">= 0.70 (issue 3)",
            value >= 0.7,
        )
        figures.rows.append(bulk)
    four = next((r for r in figures.rows if "4 threads" in r.figure), None)
    figures.headline = (
        f"secure channel: bulk {bulk.ours if bulk else '?'} = {ratio_text(bulk)} plain "
        f"HTTP POST{verdict(bulk)}; small calls with 4 threads "
        f"{four.ours if four else '?'}{verdict(four)}"
    )
    return figures


# ---- bench/pki.py ---------------------------------------------------------------------


def _pki_size(found: re.Match[str], figures: Figures) -> Row:
    n, rate, inclusion, worst = (int(found[k]) for k in ("n", "rate", "inclusion", "worst"))
    depth = math.ceil(math.log2(n))
    figures.rows.append(
        Row(f"lookup + full verification, log of {n:,} entries", f"{rate:,} lookups/s")
    )
    figures.rows.append(
        Row(
            f"inclusion proof, log of {n:,} entries",
            f"{inclusion} hashes ({inclusion * 32} B)",
            target=f"O(log n) (issue 4): <= ceil(log2 n) = {depth}",
            met=inclusion <= depth,
        )
    )
    figures.rows.append(
        Row(
            f"consistency proof, log of {n:,} entries (sampled worst)",
            f"{worst} hashes",
            target=f"O(log n) (issue 4): <= 2 ceil(log2 n) = {2 * depth}",
            met=worst <= 2 * depth,
        )
    )
    return Row(
        f"{n:,} log entries",
        f"{rate:,} lookups+verifications/s, inclusion proof {inclusion} hashes",
        target=f"<= ceil(log2 n) = {depth}",
        met=inclusion <= depth,
    )


def pki(text: str) -> Figures:
    figures = Figures()
    pattern = (
        r"^pki n=\s*(?P<n>\d+):\s+(?P<rate>\d+) lookups\+verifications/s \| inclusion proof "
        r"(?P<inclusion>\d+) hashes .*?sampled worst (?P<worst>\d+)"
    )
    sizes = [_pki_size(m, figures) for m in re.finditer(pattern, text, re.MULTILINE)]
    if not sizes:
        figures.missing.append("lookups+verifications at any log size")
    for unit, what in (("whois/s", "end to end"), ("lookups/s", "on one warm channel")):
        found = find(
            rf"^pki server:\s+(\d+) {re.escape(unit)} ({re.escape(what)}.*?) \((\d+) in",
            text,
            f"real server {unit} {what}",
            figures,
        )
        if found:
            figures.rows.append(Row(f"real server, {found[2]}", f"{found[1]} {unit}"))
    biggest = sizes[-1] if sizes else None
    figures.headline = (
        f"PKI key log at {biggest.figure if biggest else '?'}: "
        f"{biggest.ours if biggest else '?'}{verdict(biggest)} "
        "(no peer: issue 8 names none for the key log)"
    )
    return figures


# ---- bench/gui_latency.py -------------------------------------------------------------


def gui_latency(text: str) -> Figures:
    figures = Figures()
    upload = find(
        r"^gui_latency: upload (\d+) MiB through the real services in ([\d.]+) s "
        r"\((\d+) MiB/s\), (\d+) ticks",
        text,
        "upload",
        figures,
    )
    stall = find(
        r"^gui_latency: event-loop stall worst ([\d.]+) ms, p99 ([\d.]+) ms",
        text,
        "event-loop stall",
        figures,
    )
    if upload:
        figures.rows.append(
            Row(
                f"upload {upload[1]} MiB from the GUI (embedded server)",
                f"{upload[3]} MiB/s ({upload[2]} s, {upload[4]} ticks)",
            )
        )
    worst = None
    if stall:
        worst = Row(
            "event loop: worst stall during the upload",
            f"{stall[1]} ms",
            target="<= 100 ms (issue 7)",
            met=number(stall[1]) <= 100,
        )
        figures.rows.append(worst)
        figures.rows.append(Row("event loop: p99 stall during the upload", f"{stall[2]} ms"))
    figures.headline = (
        f"GUI: worst event-loop stall during a {upload[1] if upload else '?'} MiB upload "
        f"{worst.ours if worst else '?'}{verdict(worst)} (no peer)"
    )
    return figures


PARSERS: dict[str, Callable[[str], Figures]] = {
    "crypto": crypto,
    "chunks": chunks,
    "transfer": transfer,
    "channel": channel,
    "pki": pki,
    "gui_latency": gui_latency,
}
