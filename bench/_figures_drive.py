"""Rows of bench/drive.py: Privshare Drive beside `rclone serve webdav` of a plain folder."""

from __future__ import annotations

from _rows import HIGHER, Figures, Row, find, number


def drive(text: str) -> Figures:
    figures = Figures()
    for verb in ("write", "read"):
        found = find(
            rf"^{verb} (\d+) MiB: drive (\d+) MiB/s, rclone serve webdav (\d+) MiB/s, "
            r"ratio ([\d.]+)",
            text,
            f"{verb} through the drive beside rclone serve webdav",
            figures,
        )
        if found is None:
            continue
        figures.rows.append(
            Row(
                f"{verb} a {found[1]} MiB file through the drive (WebDAV, curl)",
                f"{found[2]} MiB/s",
                f"rclone serve webdav of a plain folder: {found[3]} MiB/s",
                number(found[4]),
                HIGHER,
            )
        )
    return figures
