"""Rows of bench/chunks.py: file encryption beside age, openssl and gpg."""

from __future__ import annotations

import re

from _peers import AGE, GPG, OPENSSL
from _rows import HIGHER, Figures, Row, find, number, ratio_text, verdict


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
    ids = find(r"plus (\S+) block ids \(upload path\):\s+(\d+) MiB/s", text, "ids", figures)
    raw = find(r"raw AES-256-GCM, same chunks:\s+(\d+) MiB/s", text, "raw AES-GCM", figures)
    vs_raw = find(r"ratio ours / raw AES-GCM: ([\d.]+)", text, "ours / raw", figures)
    if not (ours and ids):
        return figures
    mib = size[1] if size else "?"
    our_row = Row(f"encrypt a {mib} MiB file: chunk format", f"{ours[1]} MiB/s")
    ids_row = Row(
        f"encrypt a {mib} MiB file: chunk format + {ids[1]} block ids (upload path)",
        f"{ids[2]} MiB/s",
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
        f"(not authenticated), {ratio_text(found[GPG])} gpg --symmetric; with the {ids[1]} "
        f"block ids an upload adds, {ids_row.ours}: {ratio_text(with_ids_vs_age)} age -r"
    )
    return figures
