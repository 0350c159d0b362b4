"""Sample data for the screenshots, made through the real services on the embedded server:
a small tree of files for alice, and two more people (bob, carol) who share with her."""

from __future__ import annotations

import queue
import random
import threading
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QImage, QLinearGradient, QPainter

from app.gui.backend.interface import DeviceCodeShown
from app.gui.backend.services import ServicesBackend
from app.gui.backend.settings_store import Settings
from app.services.events import CancelToken, TransferEvent

__all__ = [
    "PASSWORD",
    "People",
    "make_people",
    "other_devices",
    "sample_picture",
    "sample_tree",
]

PASSWORD = "correct horse battery staple"
_TREE = {
    "Contracts/lease-2026.pdf": 182_311,
    "Contracts/nda-acme.pdf": 64_020,
    "Holiday photos/beach.jpg": 2_411_020,
    "Holiday photos/harbour.jpg": 1_932_800,
    "Tax 2025/receipts.zip": 3_870_112,
    "budget-2026.xlsx": 48_213,
    "notes.txt": 2_048,
    "passport-scan.pdf": 1_830_221,
    "site-backup.tar.gz": 9_734_003,
}


def sample_tree(root: Path) -> list[Path]:
    """Write the sample files (seeded random bytes) under `root`; the top-level paths."""
    chance = random.Random(7)
    for relative, size in _TREE.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(chance.randbytes(size))
    return sorted({root / relative.split("/")[0] for relative in _TREE})


def sample_picture(path: Path) -> Path:
    """A 1600x1000 picture of a sunset over the sea (drawn, so nothing is copied in)."""
    image = QImage(1600, 1000, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    sky = QLinearGradient(QPointF(0, 0), QPointF(0, 620))
    for stop, colour in ((0.0, "#1e3a8a"), (0.55, "#f97316"), (1.0, "#fde68a")):
        sky.setColorAt(stop, QColor(colour))
    painter.fillRect(0, 0, 1600, 620, sky)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#fef3c7"))
    painter.drawEllipse(QPointF(800, 600), 150, 150)
    sea = QLinearGradient(QPointF(0, 620), QPointF(0, 1000))
    sea.setColorAt(0.0, QColor("#0e7490"))
    sea.setColorAt(1.0, QColor("#082f49"))
    painter.fillRect(0, 620, 1600, 380, sea)
    painter.end()
    image.save(str(path))
    return path


def _ignore(_event: TransferEvent) -> None:
    """Sample uploads of the other people are not shown as transfers."""


@dataclass
class People:
    """bob and carol, on alice's embedded server, each with an open session."""

    host: str
    backends: dict[str, ServicesBackend]

    @property
    def bob(self) -> str:
        return f"bob#{self.host}"

    @property
    def carol(self) -> str:
        return f"carol#{self.host}"

    def share_from_alice(self, alice: ServicesBackend) -> None:
        alice.share("/Contracts", self.carol, "read")
        alice.share("/budget-2026.xlsx", self.bob, "write")

    def send_files_to_alice(self, alice: ServicesBackend, scratch: Path) -> str:
        """bob sends alice a file; carol sends one into alice's new drop inbox."""
        me = alice.account_info().address
        invoice, scan = scratch / "invoice-0423.pdf", scratch / "passport-scan-2.png"
        invoice.write_bytes(random.Random(3).randbytes(84_113))
        scan.write_bytes(random.Random(4).randbytes(1_204_551))
        self.backends["bob"].send_files(me, [invoice])
        drop = alice.create_drop("tax papers", 14 * 86_400, 20 << 20)
        self.backends["carol"].send_files(drop.address, [scan])
        return drop.address

    def stop(self) -> None:
        for backend in self.backends.values():
            backend.stop()


def _person(alice: ServicesBackend, name: str, scratch: Path) -> ServicesBackend:
    """`name` on alice's embedded server, with an invitation (registration is closed)."""
    assert alice.local_server is not None
    host = alice.local_server.host
    backend = ServicesBackend(scratch / name, Settings(server=host))
    backend.create_account(f"{name}#{host}", PASSWORD, token=alice.local_server.invitation())
    return backend


def _share_folder(owner: ServicesBackend, scratch: Path, name: str, to: str, access: str) -> None:
    local = scratch / f"{owner.folder.name}-{name}"
    (local / name).mkdir(parents=True)
    (local / name / "summary.txt").write_text(f"{name}: shared for the screenshots\n")
    owner.upload([local / name], "/", _ignore, CancelToken())
    owner.share(f"/{name}", to, access)


def make_people(alice: ServicesBackend, scratch: Path) -> People:
    """bob and carol; carol's share is accepted by alice, bob's waits in her inbox."""
    assert alice.local_server is not None
    host = alice.local_server.host
    people = People(host, {name: _person(alice, name, scratch) for name in ("bob", "carol")})
    me = alice.account_info().address
    _share_folder(people.backends["carol"], scratch, "Q3 reports", me, "read")
    [offer] = alice.inbox()
    alice.accept(offer.item_id, "Q3 reports")
    _share_folder(people.backends["bob"], scratch, "Team handbook", me, "write")
    return people


def other_devices(alice: ServicesBackend, scratch: Path) -> list[ServicesBackend]:
    """alice's "laptop", linked with a code through the real exchange, and a sign-in with
    her password on an office computer: the other rows of "Devices & sessions"."""
    assert alice.local_server is not None
    host = alice.local_server.host
    address = alice.account_info().address
    codes: queue.Queue[str] = queue.Queue()

    def on_event(event: object) -> None:
        if isinstance(event, DeviceCodeShown):
            codes.put(event.code)

    linking = threading.Thread(target=alice.add_device, args=("laptop", bool, on_event))
    linking.start()
    laptop = ServicesBackend(scratch / "laptop", Settings(server=host))
    laptop.join_device(address, codes.get(timeout=60), PASSWORD, lambda _event: None)
    linking.join(60)
    office = ServicesBackend(scratch / "office", Settings(server=host))
    office.sign_in(address, PASSWORD, remember=False)
    return [laptop, office]
