"""Turns the lines each bench/*.py script prints into table rows for docs/performance.md.

One parser per script, each in its own module (bench/_figures_<area>.py; the rows and
helpers they share are in bench/_rows.py). A parser reads only what the script printed
in this run; an expected line that is absent is reported as missing (the report then
marks the section incomplete and `make bench` fails), never filled in. Ratios are
ours / peer; `better` says which side of 1 favours Privshare.
"""

from __future__ import annotations

from collections.abc import Callable

from _figures_channel import channel
from _figures_chunks import chunks
from _figures_crypto import crypto
from _figures_drive import drive
from _figures_gui import gui_latency
from _figures_memory import memory
from _figures_pki import pki
from _figures_scale import scale
from _figures_search import search
from _figures_transfer import transfer
from _rows import HIGHER, LOWER, Figures, Row

__all__ = ["HIGHER", "LOWER", "PARSERS", "Figures", "Row"]

PARSERS: dict[str, Callable[[str], Figures]] = {
    "crypto": crypto,
    "chunks": chunks,
    "transfer": transfer,
    "channel": channel,
    "pki": pki,
    "gui_latency": gui_latency,
    "memory": memory,
    "drive": drive,
    "scale": scale,
    "search": search,
}
