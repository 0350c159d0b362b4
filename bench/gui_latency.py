"""How late the GUI event loop runs while a 512 MiB upload goes on in workers.

Real path: an embedded server process (app/gui/backend/local_server.py), a real account
(ServicesBackend.create_account), the upload through TransferManager -> Workers ->
ServicesBackend.upload -> app.services.files.service, with its progress events hopping to the GUI
thread into TransfersModel shown in a TransfersPanel. A QTimer at 10 ms records how late
each tick fires; we print the worst and the p99 stall (target: worst <= 50 ms, issue 14).

    QT_QPA_PLATFORM=offscreen python bench/gui_latency.py [--mib 512]
Measured with MALLOC_MMAP_THRESHOLD_=67108864 MALLOC_TRIM_THRESHOLD_=268435456 (set here
for this process's children; run through `make bench` to have them for this one too).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("MALLOC_MMAP_THRESHOLD_", "67108864")
os.environ.setdefault("MALLOC_TRIM_THRESHOLD_", "268435456")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtWidgets import QApplication

from app.gui.backend.services import ServicesBackend
from app.gui.backend.settings_store import Settings
from app.gui.transfers.manager import TransferManager, TransfersModel
from app.gui.transfers.panel import TransfersPanel
from app.gui.workers import Workers

TICK_MS = 10
PASSWORD = "benchmark password 42"


def _make_file(path: Path, mib: int) -> None:
    block = os.urandom(1 << 20)
    with path.open("wb") as handle:
        for _ in range(mib):
            handle.write(block)


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description="GUI event-loop stalls during an upload")
    parser.add_argument("--mib", type=int, default=512)
    args = parser.parse_args()
    app = QApplication([sys.argv[0]])
    with tempfile.TemporaryDirectory(prefix="privshare-gui-bench-") as scratch:
        root = Path(scratch)
        backend = ServicesBackend(root / "profile", Settings())
        try:
            host = backend.start_local_server()
            backend.create_account(f"bench#{host}", PASSWORD)
            source = root / "payload.bin"
            _make_file(source, args.mib)
            lates, seconds, ok = _measure(app, backend, source)
        finally:
            backend.stop()
    worst, p99 = max(lates), _percentile(lates, 0.99)
    print(
        f"gui_latency: upload {args.mib} MiB through the real services in {seconds:.1f} s "
        f"({args.mib / seconds:.0f} MiB/s), {len(lates)} ticks of {TICK_MS} ms"
    )
    print(
        f"gui_latency: event-loop stall worst {worst:.1f} ms, p99 {p99:.1f} ms "
        f"(target worst <= 50 ms: {'met' if worst <= 50 else 'NOT met'})"
    )
    return 0 if ok else 1


def _measure(
    app: QApplication, backend: ServicesBackend, source: Path
) -> tuple[list[float], float, bool]:
    workers = Workers()
    model = TransfersModel()
    manager = TransferManager(backend, workers, model)
    panel = TransfersPanel(model, manager)
    panel.resize(900, 400)
    panel.show()
    lates: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.elapsed()]

    def tick() -> None:
        now = clock.nsecsElapsed() / 1e6
        lates.append(max(0.0, now - last[0] - TICK_MS))
        last[0] = now

    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.setTimerType(timer.timerType().PreciseTimer)
    timer.timeout.connect(tick)
    outcome: list[object] = []

    def finished(_token: object, error: object, _result: object) -> None:
        outcome.append(error)
        app.quit()

    manager.job_finished.connect(finished)
    started = time.perf_counter()
    last[0] = clock.nsecsElapsed() / 1e6
    timer.start()
    manager.upload([source], "/")
    app.exec()
    seconds = time.perf_counter() - started
    timer.stop()
    workers.wait()
    panel.close()
    panel.deleteLater()
    app.processEvents()
    if outcome and outcome[0] is not None:
        print(f"gui_latency: the upload failed: {outcome[0]}", file=sys.stderr)
    return lates, seconds, bool(outcome) and outcome[0] is None


if __name__ == "__main__":
    sys.exit(main())
