"""Rows of bench/transfer.py: uploads and downloads through the real server."""

from __future__ import annotations

import re

from _rows import HIGHER, LOWER, Figures, Row, find, number, ratio_text, verdict


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
    target = 0.6 if verb == "upload" else 0.7
    row = Row(
        f"{verb} a {found[1]} MiB file through the real server (loopback)",
        f"{found[2]} MiB/s",
        f"plain HTTP {peer} (aiohttp, same disk): {found[3]} MiB/s",
        ratio,
        HIGHER,
        f">= {target} (issue 14)",
        ratio >= target,
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
        r"^encrypt (\d+) MiB: chunk format (\d+) MiB/s \(with (?:SHA-256|BLAKE3) block ids "
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


_AHEAD = "ahead of restic and rclone (issue 14)"


def _beside_tools(text: str, figures: Figures) -> None:
    """Rows of Privshare beside restic and rclone crypt (bench/_backup_peers.py)."""
    for verb, restic, rclone in (
        ("upload", "restic backup", "rclone crypt copy"),
        ("download", "restic restore", "rclone crypt copy back"),
    ):
        found = re.search(
            rf"^{verb} (\d+) MiB beside backup tools: privshare (\d+) MiB/s, {restic} (\d+) "
            rf"MiB/s, {rclone} (\d+) MiB/s",
            text,
            re.MULTILINE,
        )
        if found:
            for tool, value in ((restic, found[3]), (rclone, found[4])):
                ratio = number(found[2]) / number(value)
                figures.rows.append(
                    Row(
                        f"{verb} a {found[1]} MiB file",
                        f"{found[2]} MiB/s",
                        f"{tool} (loopback server, same disk): {value} MiB/s",
                        ratio,
                        HIGHER,
                        _AHEAD,
                        ratio >= 1,
                    )
                )
    small = re.search(
        r"^(\d+) files of 4 KiB beside backup tools: privshare (\d+) files/s, restic backup "
        r"(\d+) files/s, rclone crypt copy (\d+) files/s \((\d+) files\)",
        text,
        re.MULTILINE,
    )
    if small:
        for tool, value in (("restic backup", small[3]), ("rclone crypt copy", small[4])):
            ratio = number(small[2]) / number(value)
            figures.rows.append(
                Row(
                    f"{small[1]} files of 4 KiB uploaded",
                    f"{small[2]} files/s",
                    f"{tool}: {value} files/s",
                    ratio,
                    HIGHER,
                    ">= 800 files/s and " + _AHEAD,
                    ratio >= 1 and number(small[2]) >= 800,
                )
            )
    listing = re.search(
        r"^listing (\d+) entries beside backup tools: privshare ([\d.]+) s, restic ls ([\d.]+) s",
        text,
        re.MULTILINE,
    )
    if listing:
        ratio = number(listing[2]) / number(listing[3])
        figures.rows.append(
            Row(
                f"listing a folder of {listing[1]} entries (first time)",
                f"{listing[2]} s",
                f"restic ls latest: {listing[3]} s",
                ratio,
                LOWER,
                "<= 1.0 s (issue 14)",
                number(listing[2]) <= 1.0,
            )
        )


def _command_cost(text: str, figures: Figures) -> None:
    cost = re.search(
        r"^one CLI command \(1-byte put\): ([\d.]+) s = imports ([\d.]+) s \+ vault KDF "
        r"([\d.]+) s \+ login ([\d.]+) s \+ put ([\d.]+) s \+ interpreter and exit ([\d.]+) s"
        r"(?:; CPU ([\d.]+) s)?",
        text,
        re.MULTILINE,
    )
    if cost:
        figures.rows.append(
            Row(
                "one CLI command, a 1-byte `put` (warm bytecode cache)",
                f"{cost[1]} s: imports {cost[2]}, vault KDF {cost[3]}, login {cost[4]}, "
                f"put {cost[5]}, interpreter and exit {cost[6]}"
                + (f"; CPU {cost[7]} s" if cost[7] else ""),
                target="all but the KDF cut (issue 14)",
            )
        )


def _tools_headline(rows: list[Row]) -> str:
    """Privshare beside restic and rclone, ratio per figure, when they ran."""
    beside = [r for r in rows if r.target.endswith(_AHEAD) and r.ratio is not None]
    if not beside:
        return ""
    parts = [
        f"{'small files' if 'files' in r.figure else r.figure.split(' ')[0]} {r.ratio:.2f}× "
        f"{re.sub(r' [(].*', '', r.peer.split(':')[0])}"
        for r in beside
    ]
    return "; beside backup tools (target: ahead of both): " + ", ".join(parts)


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
    again = re.search(r"^listing a folder of \d+ entries: [\d.]+ s, again ([\d.]+) s", text, re.M)
    if again:
        figures.rows.append(
            Row(
                "the same listing again (verified cache)",
                f"{again[1]} s",
                target="<= 0.2 s (issue 14)",
                met=number(again[1]) <= 0.2,
            )
        )
    _command_cost(text, figures)
    _beside_tools(text, figures)
    figures.headline = (
        f"transfers through the real server: upload {up.ours if up else '?'} = "
        f"{ratio_text(up)} plain HTTP PUT{verdict(up)}; download "
        f"{down.ours if down else '?'} = {ratio_text(down)} plain HTTP GET{verdict(down)}"
        + _tools_headline(figures.rows)
    )
    return figures
